package io.websock.spi;

import io.websock.WebSock;

import java.nio.ByteBuffer;

/**
 * <b>Test kit seam</b> (used by {@code websock-test}; not for applications): the far end of an in-memory
 * connection, which receives what the bridge writes in place of a socket. Implemented by the test kit; see
 * {@code WebSockServer.openInMemory}.
 *
 * <p>The bridge calls these methods exactly where it would hand the frame to the container, in the order
 * the frames are written on a real connection (one write at a time, never concurrently for one connection),
 * and {@link #close} at most once, last. A method that throws counts as a failed write: the connection is
 * then treated as broken, as after a container's send failure.
 */
public interface InMemoryPeer {

    /** A whole text message written by the bridge. */
    void text(String text);

    /** A whole binary message written by the bridge; the buffer is read-only and may be shared. */
    void binary(ByteBuffer data);

    /** A ping written by the bridge (an auto-ping, or one a handler pushed). */
    void ping(ByteBuffer payload);

    /** A pong written by the bridge (pushed by a handler). */
    void pong(ByteBuffer payload);

    /** The bridge's close frame; nothing is written after it. */
    void close(int code, String reason);

    /**
     * Called once with the handler the connection got, before its {@code init}; the connection calls the
     * handler returned (which must delegate every callback to {@code handler}), so the kit can observe the
     * callbacks, for example what {@code terminate} hears. The original handler is what is released after the
     * connection (a CDI {@code @Dependent} bean is destroyed). The default observes nothing.
     */
    default WebSock<?> observe(WebSock<?> handler) {
        return handler;
    }
}
