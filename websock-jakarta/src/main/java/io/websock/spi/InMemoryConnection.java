package io.websock.spi;

import io.websock.Connection;

import java.nio.ByteBuffer;

/**
 * <b>Test kit seam</b> (used by {@code websock-test}; not for applications): the near end of an in-memory
 * connection, through which a test plays the peer and the container. Returned by
 * {@code WebSockServer.openInMemory}; implemented by the bridge.
 *
 * <p><b>Guarantee.</b> The connection is the bridge's own connection process — the same mailbox, result
 * interpretation, close-code mapping, limits ({@code maxMessageSize}, {@code mailboxLimit},
 * {@code outboundBufferLimit}) and exactly-once {@code terminate} as on a container — fed by these methods
 * where a container would feed it. Its callbacks run on the thread that calls these methods (or that
 * advances the server's {@link InMemoryClock}), so every effect of a call has happened when it returns.
 * Calls on one connection must not overlap (as a container never reads one socket on two threads).
 *
 * <p>What only a container does is not modelled: answering the peer's pings (the bridge never sees them),
 * rejecting invalid UTF-8 (1007), protocol errors and the HTTP upgrade itself.
 */
public interface InMemoryConnection {

    /** The bridge's handle of this connection, as the handler sees it. */
    Connection connection();

    /** A part of a text message from the peer; {@code last} ends the message. Ignored once the connection ended. */
    void text(String part, boolean last);

    /** A part of a binary message from the peer; {@code last} ends the message. Ignored once the connection ended. */
    void binary(ByteBuffer part, boolean last);

    /** A pong from the peer (goes to {@code handleControl} and re-arms the idle timer). */
    void pong(ByteBuffer payload);

    /**
     * The peer's close frame; the container answers it (the reply is the container's, not written through
     * {@link InMemoryPeer#close}) and the handler's {@code terminate} hears {@code Remote(code, reason)}.
     * Code 1005 stands for a close frame without a status code (reported as 1000, as on every container).
     */
    void peerClose(int code, String reason);

    /** The TCP connection is lost without a close frame: {@code terminate} hears {@code Error(CLOSED)}. */
    void lost();
}
