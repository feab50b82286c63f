package io.websock.jakarta;

import io.websock.CloseDetail;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A container's session as the writer's {@link Transport}: the portable JSR-356 calls. On Tomcat,
 * {@link #of} gives a {@link TomcatTransport}, which also batches small frames.
 */
class SessionTransport implements Transport {

    /** Tomcat's per-session limit for blocking sends (pings, pongs, close frames), in milliseconds. */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    /** Tomcat's own blocking-send timeout when the session property is not set (10.1 and 11.0: 20 s). */
    static final long TOMCAT_DEFAULT_BLOCKING_MILLIS = 20_000;
    /** {@link #quirk} on Open Liberty: read-only payloads are copied (see {@link #writable}). */
    private static final Object LIBERTY = new Object();
    /** {@link #quirk} on Tomcat once its blocking-send timeout is set. */
    private static final Object TOMCAT_BOUNDED = new Object();

    private final Session session;
    /** Read by {@link TomcatTransport}, which sends batched frames through the same remote. */
    final RemoteEndpoint.Async remote;
    /**
     * The container quirk, in one field: null (none), {@link #LIBERTY}, on Tomcat the {@code sendTimeout} in ms as
     * the {@code Long} its blocking-send property wants (not set yet), then {@link #TOMCAT_BOUNDED}.
     */
    private volatile Object quirk;

    /**
     * The transport for {@code session}: {@link TomcatTransport} where it can batch, else the portable one.
     * {@code tomcatBlockingTimeout}: {@code sendTimeout} in milliseconds, shared by the connections of one endpoint.
     */
    static SessionTransport of(Session session, Long tomcatBlockingTimeout) {
        SessionTransport tomcat = TomcatTransport.of(session, tomcatBlockingTimeout);
        return tomcat != null ? tomcat : new SessionTransport(session, tomcatBlockingTimeout);
    }

    SessionTransport(Session session, Long tomcatBlockingTimeout) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        String type = session.getClass().getName();
        this.quirk = type.startsWith("com.ibm.ws.wsoc.") ? LIBERTY
                : type.startsWith("org.apache.tomcat.websocket.") ? tomcatBlockingTimeout : null;
    }

    /** For tests and diagnostics: the container's session. */
    Session session() {
        return session;
    }

    @Override
    public void sendText(String text, SendHandler done) {
        bound();
        remote.sendText(text, done);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler done) {
        bound();
        remote.sendBinary(writable(data), done);
    }

    @Override
    public void sendPing(ByteBuffer payload) throws IOException {
        if (quirk instanceof Long millis && millis > TOMCAT_DEFAULT_BLOCKING_MILLIS) {
            bound(); // else the writer's watchdog (sendTimeout) ends a stuck ping before Tomcat's own timeout would
        }
        remote.sendPing(writable(payload));
    }

    @Override
    public void sendPong(ByteBuffer payload) throws IOException {
        bound();
        remote.sendPong(writable(payload));
    }

    @Override
    public boolean close(CloseDetail close) throws IOException {
        if (!session.isOpen()) {
            return false;
        }
        bound();
        session.close(new jakarta.websocket.CloseReason(CloseCodes.getCloseCode(close.code()), close.reason()));
        return true;
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    /**
     * A frame's payload as the container may write it. Frames hold read-only buffers; Open Liberty's TCP
     * channel calls {@code arrayOffset()} on what it is given, fails with {@code ReadOnlyBufferException}
     * on its own thread and never completes the send (nor answers the ping). So there, and only there,
     * read-only payloads go out as a copy; every other container writes the shared frame without one.
     */
    private ByteBuffer writable(ByteBuffer payload) {
        return quirk == LIBERTY && payload.isReadOnly() ? ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip() : payload;
    }

    /**
     * Tomcat: bounds its blocking writes (pings, pongs, the close, its answer to the peer's close) by
     * {@code sendTimeout} through the session property {@code BLOCKING_SEND_TIMEOUT}, set before the first write
     * that could wait on the peer — not at open: Tomcat's session keeps its user properties in a map whose table,
     * once an entry is put, stays for the session's life (an idle connection that never writes keeps none). An
     * auto-ping alone does not set it while {@code sendTimeout} is below Tomcat's own 20 s: the writer's watchdog
     * ends a stuck ping first (see docs/decisions.md, "Idle footprint, part 2").
     */
    final void bound() {
        if (quirk instanceof Long millis) {
            quirk = TOMCAT_BOUNDED; // racy by design: two writers at once both put the same value
            session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, millis);
        }
    }
}
