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

    private final Session session;
    final RemoteEndpoint.Async remote;
    /** Open Liberty cannot write read-only buffers (see {@link #writable}); other containers get frames as they are. */
    private final boolean copyReadOnly;

    /** The transport for {@code session}: {@link TomcatTransport} where it can batch, else the portable one. */
    static SessionTransport of(Session session) {
        SessionTransport tomcat = TomcatTransport.of(session);
        return tomcat != null ? tomcat : new SessionTransport(session);
    }

    SessionTransport(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.copyReadOnly = session.getClass().getName().startsWith("com.ibm.ws.wsoc.");
    }

    @Override
    public void sendText(String text, SendHandler done) {
        remote.sendText(text, done);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler done) {
        remote.sendBinary(writable(data), done);
    }

    @Override
    public void sendPing(ByteBuffer payload) throws IOException {
        remote.sendPing(writable(payload));
    }

    @Override
    public void sendPong(ByteBuffer payload) throws IOException {
        remote.sendPong(writable(payload));
    }

    @Override
    public boolean close(CloseDetail close) throws IOException {
        if (!session.isOpen()) {
            return false;
        }
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
        return copyReadOnly && payload.isReadOnly() ? ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip() : payload;
    }
}
