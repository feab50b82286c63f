package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.spi.InMemoryConnection;
import io.websock.spi.InMemoryPeer;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The test kit's connection without a container: the writer's {@link Transport} hands frames to an
 * {@link InMemoryPeer}, and the peer's traffic enters the connection process where {@link WebSockEndpoint}
 * would put a container's (through the same {@link MessageAssembler}). See {@link WebSockServer#openInMemory}.
 */
final class InMemoryTransport implements Transport, InMemoryConnection {

    private final InMemoryPeer peer;
    private volatile boolean open = true;
    private ConnectionProcess<?> process;
    private MessageAssembler assembler;

    InMemoryTransport(InMemoryPeer peer) {
        this.peer = peer;
    }

    void attach(ConnectionProcess<?> process, MessageAssembler assembler) {
        this.process = process;
        this.assembler = assembler;
    }

    // ---------------------------------------------------------------- Transport: the bridge writes

    @Override
    public void sendText(String text, SendHandler done) {
        done.onResult(write(() -> peer.text(text)));
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler done) {
        done.onResult(write(() -> peer.binary(data)));
    }

    private SendResult write(Runnable write) {
        if (!open) {
            return new SendResult(new IOException("the connection is closed"));
        }
        try {
            write.run();
            return new SendResult();
        } catch (RuntimeException e) {
            return new SendResult(e);
        }
    }

    @Override
    public void sendPing(ByteBuffer payload) throws IOException {
        writeBlocking(() -> peer.ping(payload));
    }

    @Override
    public void sendPong(ByteBuffer payload) throws IOException {
        writeBlocking(() -> peer.pong(payload));
    }

    private void writeBlocking(Runnable write) throws IOException {
        SendResult result = write(write);
        if (!result.isOK()) {
            throw result.getException() instanceof IOException io ? io : new IOException(result.getException());
        }
    }

    @Override
    public boolean close(CloseDetail close) {
        if (!open) {
            return false;
        }
        open = false;
        peer.close(close.code(), close.reason());
        // As a container does after the server's close: report the session closed (dropped by the ended process).
        process.ended(new io.websock.CloseReason.Remote(close.code(), close.reason()));
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    // ---------------------------------------------------------------- InMemoryConnection: the peer writes

    @Override
    public Connection connection() {
        return process;
    }

    @Override
    public void text(String part, boolean last) {
        if (open) {
            assembler.onMessage(part, last);
        }
    }

    @Override
    public void binary(ByteBuffer part, boolean last) {
        if (open) {
            assembler.onBinary(part.duplicate(), last);
        }
    }

    @Override
    public void pong(ByteBuffer payload) {
        if (open) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
            process.inbound(new Event.Control(new Frame.Pong(copy)));
        }
    }

    @Override
    public void peerClose(int code, String reason) {
        if (open) {
            open = false;
            process.ended(WebSockEndpoint.peerCloseReason(new jakarta.websocket.CloseReason(
                    jakarta.websocket.CloseReason.CloseCodes.getCloseCode(code), reason == null ? "" : reason)));
        }
    }

    @Override
    public void lost() {
        if (open) {
            open = false;
            // What a container reports for a connection lost without a close frame.
            process.ended(WebSockEndpoint.peerCloseReason(new jakarta.websocket.CloseReason(
                    jakarta.websocket.CloseReason.CloseCodes.CLOSED_ABNORMALLY, "")));
        }
    }

    @Override
    public String toString() {
        return "InMemoryConnection[" + process.id() + "]";
    }
}
