package io.websock;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A WebSocket frame as the handler sees it, used both inbound (what the peer sent) and outbound
 * (what a {@link Result} pushes). Frames are immutable values: binary payloads are held as
 * read-only buffers and every accessor returns an independent read-only view positioned at zero.
 *
 * <p>{@link Data} frames are whole messages (text or binary); {@link Control} frames are pings and
 * pongs, whose payload is at most 125 bytes and is an empty buffer, never {@code null}, when absent.
 * A close frame is not a frame here: ending a connection is a {@link Result.Stop}.
 */
public sealed interface Frame {

    /** Largest payload of a control frame (RFC 6455 §5.5). */
    int MAX_CONTROL_PAYLOAD = 125;

    /** A whole data message. */
    sealed interface Data extends Frame permits Text, Binary {
    }

    /** A ping or a pong. */
    sealed interface Control extends Frame permits Ping, Pong {
        /** The payload, a read-only view positioned at zero; empty when there was none. */
        ByteBuffer payload();
    }

    /** Payload size in bytes (UTF-8 length for text), which is what the outbound buffer limit counts. */
    int size();

    /** A text message. */
    record Text(String text) implements Data {
        public Text {
            Objects.requireNonNull(text, "text frame content must not be null");
        }

        @Override
        public int size() {
            return Utf8.length(text);
        }
    }

    /** A binary message. */
    record Binary(ByteBuffer data) implements Data {
        /** Keeps a read-only view of {@code data}'s remaining bytes; copy first if you will change them. */
        public Binary {
            Objects.requireNonNull(data, "binary frame content must not be null");
            data = data.slice().asReadOnlyBuffer();
        }

        /** The content, a read-only view positioned at zero. */
        @Override
        public ByteBuffer data() {
            return data.duplicate();
        }

        /** A copy of the content. */
        public byte[] bytes() {
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            return copy;
        }

        @Override
        public int size() {
            return data.remaining();
        }
    }

    /** A ping. Outbound, the peer is expected to answer with a pong carrying the same payload. */
    record Ping(ByteBuffer payload) implements Control {
        public Ping {
            payload = controlPayload("ping", payload);
        }

        @Override
        public ByteBuffer payload() {
            return payload.duplicate();
        }

        @Override
        public int size() {
            return payload.remaining();
        }
    }

    /** A pong: inbound, an answer to a ping (the bridge's auto-pings included); outbound, unsolicited. */
    record Pong(ByteBuffer payload) implements Control {
        public Pong {
            payload = controlPayload("pong", payload);
        }

        @Override
        public ByteBuffer payload() {
            return payload.duplicate();
        }

        @Override
        public int size() {
            return payload.remaining();
        }
    }

    /** A text frame. */
    static Text text(String text) {
        return new Text(text);
    }

    /** A binary frame holding a copy of {@code bytes}. */
    static Binary binary(byte[] bytes) {
        Objects.requireNonNull(bytes, "binary frame content must not be null");
        return new Binary(ByteBuffer.wrap(bytes.clone()));
    }

    /** A binary frame holding a read-only view of {@code data}'s remaining bytes (no copy). */
    static Binary binary(ByteBuffer data) {
        return new Binary(data);
    }

    /** A ping with an empty payload. */
    static Ping ping() {
        return new Ping(ByteBuffer.allocate(0));
    }

    /** A ping with a copy of {@code payload} (at most 125 bytes). */
    static Ping ping(byte[] payload) {
        Objects.requireNonNull(payload, "ping payload must not be null (use ping() for an empty one)");
        return new Ping(ByteBuffer.wrap(payload.clone()));
    }

    /** A pong with an empty payload. */
    static Pong pong() {
        return new Pong(ByteBuffer.allocate(0));
    }

    /** A pong with a copy of {@code payload} (at most 125 bytes). */
    static Pong pong(byte[] payload) {
        Objects.requireNonNull(payload, "pong payload must not be null (use pong() for an empty one)");
        return new Pong(ByteBuffer.wrap(payload.clone()));
    }

    private static ByteBuffer controlPayload(String kind, ByteBuffer payload) {
        Objects.requireNonNull(payload, () -> kind + " payload must not be null (use an empty buffer)");
        if (payload.remaining() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(kind + " payload must be at most " + MAX_CONTROL_PAYLOAD
                    + " bytes, got " + payload.remaining());
        }
        return payload.slice().asReadOnlyBuffer();
    }
}
