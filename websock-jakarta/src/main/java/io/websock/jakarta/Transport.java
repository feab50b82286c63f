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

    /**
     * How many bytes of small data frames the container can buffer as one batch ({@link #sendTextBatched},
     * {@link #sendBinaryBatched}) before a {@link #flush}; 0 (the portable default) when it cannot, and then
     * every frame is its own send.
     */
    default int batchCapacity() {
        return 0;
    }

    /**
     * Like {@link #sendText}, but the container may only copy the frame into its output buffer and complete at
     * once (inline). Whoever batches must {@link #flush} before anything else is written.
     */
    default void sendTextBatched(String text, SendHandler done) {
        sendText(text, done);
    }

    /** Like {@link #sendTextBatched}, for binary frames. */
    default void sendBinaryBatched(ByteBuffer data, SendHandler done) {
        sendBinary(data, done);
    }

    /** Writes what the batched sends left in the container's buffer, without blocking; completes through {@code done}. */
    default void flush(SendHandler done) {
        done.onResult(new jakarta.websocket.SendResult());
    }
}
