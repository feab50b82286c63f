package io.websock.jakarta;

import io.websock.CloseDetail;
import jakarta.websocket.SendHandler;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where {@link Outbound} writes: a container's session ({@link SessionTransport}) or the test kit's
 * in-memory peer ({@link InMemoryTransport}). Only the calls the writer needs, with the container's
 * semantics: data sends complete through the handler (possibly inline), control frames and the close block.
 */
interface Transport {

    void sendText(String text, SendHandler done);

    void sendBinary(ByteBuffer data, SendHandler done);

    void sendPing(ByteBuffer payload) throws IOException;

    void sendPong(ByteBuffer payload) throws IOException;

    /** Sends the close frame and closes; {@code false} (nothing sent) when the transport was closed already. */
    boolean close(CloseDetail close) throws IOException;

    boolean isOpen();
}
