package io.websock.jakarta;

import io.websock.Frame;
import jakarta.websocket.MessageHandler;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns the container's partial messages into whole ones, enforcing {@code maxMessageSize} itself so
 * that every container behaves alike and none has to reserve the maximum per connection (Tomcat
 * preallocates its message buffers). Memory grows with the message actually received.
 *
 * <p>Runs on the container's read thread; the container never calls one session's handlers
 * concurrently, so no locking is needed. Binary parts are copied: containers reuse their buffers.
 */
final class MessageAssembler implements MessageHandler.Partial<String> {

    private final ConnectionProcess<?> process;
    private final int max;

    private StringBuilder text;
    private int textBytes;
    private byte[] binary;
    private int binaryLength;
    private boolean skipping; // the current message is over the limit: ignore its remaining parts

    MessageAssembler(ConnectionProcess<?> process, int maxMessageSize) {
        this.process = process;
        this.max = maxMessageSize;
    }


    // The text handler is the assembler itself (one object fewer per connection); the pong handler is the endpoint.
    // Each is one handler type per object: Undertow (WildFly) derives a handler's message type from the handler's
    // class, and a class that implements both Partial<String> and Whole<PongMessage> fails every upgrade there.

    /** Container read thread: one part of a text message. */
    @Override
    public void onMessage(String part, boolean last) {
        process.touchInbound();
        if (skipping) {
            skipping = !last;
            return;
        }
        if (text == null && last) { // the common case: a message in one piece
            Frame.Text frame = Frame.text(part);
            int bytes = frame.size();
            if (bytes > max) {
                tooBig(true);
            } else {
                process.inbound(new Event.Inbound(frame, bytes));
            }
            return;
        }
        int partBytes = Frame.text(part).size();
        if ((long) textBytes + partBytes > max) {
            text = null;
            textBytes = 0;
            tooBig(last);
            return;
        }
        if (text == null) {
            text = new StringBuilder(Math.max(16, part.length() * 2));
        }
        text.append(part);
        textBytes += partBytes;
        if (last) {
            Frame.Text frame = Frame.text(text.toString());
            int bytes = textBytes;
            text = null;
            textBytes = 0;
            process.inbound(new Event.Inbound(frame, bytes));
        }
    }

    /** Container read thread: one part of a binary message (registered as {@code assembler::onBinary}). */
    void onBinary(ByteBuffer part, boolean last) {
        process.touchInbound();
        if (skipping) {
            skipping = !last;
            return;
        }
        int n = part.remaining();
        if ((long) binaryLength + n > max) {
            binary = null;
            binaryLength = 0;
            tooBig(last);
            return;
        }
        if (binary == null) {
            binary = new byte[last ? n : Math.min(max, Math.max(n * 2, 256))];
        } else if (binaryLength + n > binary.length) {
            int grown = (int) Math.min(max, Math.max((long) binary.length * 2, (long) binaryLength + n));
            binary = Arrays.copyOf(binary, grown);
        }
        part.get(binary, binaryLength, n);
        binaryLength += n;
        if (last) {
            ByteBuffer whole = ByteBuffer.wrap(binary, 0, binaryLength);
            int bytes = binaryLength;
            binary = null;
            binaryLength = 0;
            process.inbound(new Event.Inbound(Frame.binary(whole), bytes));
        }
    }

    private void tooBig(boolean last) {
        skipping = !last;
        process.messageTooBig();
    }
}
