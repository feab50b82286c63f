package io.websock.jakarta;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's session as a {@link Transport} that batches small frames (issue 13). Tomcat 10.1/11 hand every
 * completed asynchronous send to another container thread ({@code WsRemoteEndpointImplServer.clearHandler(…, true)}),
 * so a connection with frames queued behind the send in flight paid one thread hop per frame. Here:
 *
 * <ul>
 *   <li>a batched send turns Tomcat's JSR-356 batching on for the connection; Tomcat then copies the frame into its
 *       per-connection output buffer and completes the send inline — no write, no hop;</li>
 *   <li>{@link #flush} turns batching off again and writes the buffer with Tomcat's own <b>asynchronous</b> flush (the
 *       one its blocking {@code flushBatch()} wraps), so the batch costs one write and one completion hop, and a
 *       stalled peer holds no thread (the public {@code flushBatch()} and {@code setBatchingAllowed(false)} are
 *       blocking writes, which SPEC §2.4 rules out on container threads).</li>
 * </ul>
 *
 * Neither step has a public API: the batching flag is read from {@code WsRemoteEndpointImplBase.batchingAllowed} and
 * the flush is {@code startMessage(INTERNAL_OPCODE_FLUSH, …)}, both reached by reflection once per remote-endpoint
 * class. If any of it is missing (another Tomcat version), or the session negotiated an extension (permessage-deflate
 * transforms what is written), {@link #of} returns null and the connection uses the portable {@link SessionTransport}.
 * {@link Outbound} keeps batches within {@link #batchCapacity()} (Tomcat's output buffer), so a batched send never
 * overflows the buffer into a write of its own, and it flushes before anything that is not batched (large frames,
 * pings, pongs, the close).
 */
final class TomcatTransport extends SessionTransport {

    private static final System.Logger LOG = System.getLogger("io.websock");
    /** Tomcat's output buffer per connection ({@code org.apache.tomcat.websocket.Constants.DEFAULT_BUFFER_SIZE}, 8 KiB by default). */
    private static final int TOMCAT_BUFFER = Integer.getInteger("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE", 8 * 1024);
    /** Room kept in the buffer for the largest header of a server frame (10 bytes) and one control frame Tomcat adds itself. */
    private static final int CAPACITY = Math.max(0, TOMCAT_BUFFER - 256);

    /**
     * The handles found for the last remote-endpoint class seen (one per Tomcat, in practice). Kept here, not in a
     * {@code ClassValue} of Tomcat's class, which would pin this web application's class loader after undeploy.
     */
    private static volatile Access cached;
    /**
     * {@code -Dio.websock.tomcat.batching=false} turns batching off (every connection takes the portable path): the
     * way out if a Tomcat release changes the internals this class reaches, without waiting for a new version.
     */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("io.websock.tomcat.batching"));

    /** Tomcat's remote endpoint ({@code WsRemoteEndpointImplBase}) behind the session's async remote. */
    private final Object endpoint;
    /** Its batching flag: set for a batched send, cleared (without Tomcat's blocking flush) right before {@link #flush}. */
    private final AtomicBoolean batching;
    private final Access access;

    private TomcatTransport(Session session, Long blockingTimeout, Object endpoint, AtomicBoolean batching, Access access) {
        super(session, blockingTimeout);
        this.endpoint = endpoint;
        this.batching = batching;
        this.access = access;
    }

    /** A batching transport for a Tomcat session, or null (not Tomcat, an extension negotiated, or Tomcat's internals differ). */
    static TomcatTransport of(Session session, Long blockingTimeout) {
        if (!ENABLED || CAPACITY == 0 || !session.getClass().getName().startsWith("org.apache.tomcat.websocket.")
                || !session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        Access access = cached;
        if (access == null || access.remoteClass != remote.getClass()) {
            access = Access.find(remote.getClass());
            cached = access;
        }
        if (access.startMessage == null) {
            return null;
        }
        try {
            Object endpoint = access.base.get(remote);
            Object flag = endpoint == null ? null : access.batchingAllowed.get(endpoint);
            if (!(flag instanceof AtomicBoolean batching) || batching.get()) {
                return null; // someone else batches on this session already: leave it alone
            }
            return new TomcatTransport(session, blockingTimeout, endpoint, batching, access);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public int batchCapacity() {
        return CAPACITY;
    }

    @Override
    public void sendTextBatched(String text, SendHandler done) {
        bound();
        batching.set(true);
        remote.sendText(text, done);
    }

    @Override
    public void sendBinaryBatched(ByteBuffer data, SendHandler done) {
        bound();
        batching.set(true);
        remote.sendBinary(data, done);
    }

    @Override
    public void flush(SendHandler done) {
        // Off first: a control frame Tomcat writes itself from now on (its pong to a client's ping) goes out directly
        // instead of into a buffer nobody would flush; one written while batching was on is in this flush.
        batching.set(false);
        try {
            access.startMessage.invoke(endpoint, access.flushOpcode, (ByteBuffer) null, true, done);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Tomcat's asynchronous flush failed", t);
        }
    }

    /** The reflective handles for one remote-endpoint class; all null where they are not all there. */
    private record Access(Class<?> remoteClass, Field base, Field batchingAllowed, MethodHandle startMessage, byte flushOpcode) {

        static Access find(Class<?> asyncRemoteClass) {
            try {
                Field base = field(asyncRemoteClass, "base");
                Class<?> endpointClass = base.getType(); // org.apache.tomcat.websocket.WsRemoteEndpointImplBase
                Field flag = field(endpointClass, "batchingAllowed");
                if (flag.getType() != AtomicBoolean.class) {
                    return none(asyncRemoteClass);
                }
                Method start = endpointClass.getDeclaredMethod("startMessage", byte.class, ByteBuffer.class,
                        boolean.class, SendHandler.class);
                start.setAccessible(true);
                Field opcode = field(Class.forName("org.apache.tomcat.websocket.Constants", false,
                        endpointClass.getClassLoader()), "INTERNAL_OPCODE_FLUSH");
                if (opcode.getType() != byte.class) {
                    return none(asyncRemoteClass);
                }
                return new Access(asyncRemoteClass, base, flag, MethodHandles.lookup().unreflect(start), opcode.getByte(null));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "websock: Tomcat batching unavailable for "
                        + asyncRemoteClass.getName() + " (" + e + "); frames are sent one by one");
                return none(asyncRemoteClass);
            }
        }

        private static Access none(Class<?> asyncRemoteClass) {
            return new Access(asyncRemoteClass, null, null, null, (byte) 0);
        }

        private static Field field(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field f = c.getDeclaredField(name);
                    f.setAccessible(true);
                    return f;
                } catch (NoSuchFieldException next) {
                    // look in the superclass
                }
            }
            throw new NoSuchFieldException(type.getName() + "." + name);
        }
    }
}
