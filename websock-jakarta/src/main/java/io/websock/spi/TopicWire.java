package io.websock.spi;

import io.websock.Frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a distributed {@link TopicBus} may carry between servers, and how it is written: the built-in types
 * {@code String}, {@code byte[]} and {@link Frame} ({@link Frame.Text}, {@link Frame.Binary}, pings and
 * pongs — the cheapest fan-out: a pre-encoded frame published once and pushed unchanged by each subscriber),
 * plus the application's {@link TopicCodec}s, tried in the order given.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li>{@link #encode} of a message no built-in type and no codec carries throws
 *       {@link IllegalArgumentException} naming the message's type and the fix, before anything is sent
 *       anywhere: a bus calls it before it delivers locally, so an unsupported publish reaches nobody.</li>
 *   <li>{@link #decode} of {@link #encode}'s bytes, on a server whose wire has a codec of the same name, gives
 *       an equal message ({@code byte[]}: equal content; frames: equal frames).</li>
 *   <li>Built-in types are matched before codecs; a codec whose name is taken, or reserved, is refused when
 *       the wire is made.</li>
 * </ul>
 * Wire layout: one byte with the length of the type name, the name (UTF-8), then the payload. Immutable and
 * thread-safe.
 */
public final class TopicWire {

    private static final String STRING = "websock.string";
    private static final String BYTES = "websock.bytes";
    private static final String TEXT = "websock.frame.text";
    private static final String BINARY = "websock.frame.binary";
    private static final String PING = "websock.frame.ping";
    private static final String PONG = "websock.frame.pong";
    private static final TopicWire BUILT_IN = new TopicWire(List.of());

    private final Map<String, TopicCodec> codecs;

    private TopicWire(List<TopicCodec> extra) {
        Map<String, TopicCodec> byName = new LinkedHashMap<>();
        for (TopicCodec codec : extra) {
            Objects.requireNonNull(codec, "topic codec must not be null");
            String name = codec.name();
            if (name == null || name.isEmpty() || name.length() > 64) {
                throw new IllegalArgumentException("topic codec " + codec.getClass().getName()
                        + " has name " + (name == null ? "null" : "\"" + name + "\"") + ": it must be 1 to 64 characters");
            }
            if (name.startsWith("websock.")) {
                throw new IllegalArgumentException("topic codec " + codec.getClass().getName() + " has name \"" + name
                        + "\": names starting with \"websock.\" are reserved for the built-in types");
            }
            if (byName.putIfAbsent(name, codec) != null) {
                throw new IllegalArgumentException("two topic codecs named \"" + name + "\": "
                        + byName.get(name).getClass().getName() + " and " + codec.getClass().getName());
            }
        }
        this.codecs = byName;
    }

    /** The built-in types only: {@code String}, {@code byte[]}, {@link Frame}. */
    public static TopicWire builtIn() {
        return BUILT_IN;
    }

    /**
     * The built-in types plus {@code codecs}, tried in this order for messages no built-in type carries.
     *
     * @throws IllegalArgumentException if a codec's name is invalid, reserved or given twice
     */
    public static TopicWire with(TopicCodec... codecs) {
        Objects.requireNonNull(codecs, "codecs");
        return codecs.length == 0 ? BUILT_IN : new TopicWire(List.of(codecs));
    }

    /**
     * The bytes that carry {@code message} to another server.
     *
     * @throws NullPointerException     if {@code message} is null
     * @throws IllegalArgumentException if neither a built-in type nor a codec carries the message's type; the
     *                                  message names the type and how to make it travel
     */
    public byte[] encode(Object message) {
        Objects.requireNonNull(message, "published message must not be null");
        if (message instanceof String s) {
            return frame(STRING, s.getBytes(StandardCharsets.UTF_8));
        }
        if (message instanceof byte[] b) {
            return frame(BYTES, b);
        }
        if (message instanceof Frame f) {
            if (f instanceof Frame.Text t) {
                return frame(TEXT, t.text().getBytes(StandardCharsets.UTF_8));
            }
            if (f instanceof Frame.Binary b) {
                return frame(BINARY, b.bytes());
            }
            if (f instanceof Frame.Ping p) {
                return frame(PING, bytes(p.payload()));
            }
            return frame(PONG, bytes(((Frame.Pong) f).payload()));
        }
        for (TopicCodec codec : codecs.values()) {
            if (codec.accepts(message)) {
                byte[] payload = codec.encode(message);
                if (payload == null) {
                    throw new IllegalStateException("topic codec \"" + codec.name() + "\" encoded a "
                            + message.getClass().getName() + " as null");
                }
                return frame(codec.name(), payload);
            }
        }
        throw new IllegalArgumentException("a topic message of type " + message.getClass().getName()
                + " cannot travel to the other servers: this bus carries String, byte[] and io.websock.Frame"
                + (codecs.isEmpty() ? "" : " and what its codecs " + codecs.keySet() + " accept")
                + ". Publish one of those (e.g. the message already encoded as a Frame.Text), or give the bus a "
                + "TopicCodec for " + message.getClass().getName() + "; nothing was published");
    }

    /**
     * The message {@link #encode} wrote into {@code wire}.
     *
     * @throws IllegalArgumentException if the bytes are malformed or name a type this wire has no codec for
     */
    public Object decode(byte[] wire) {
        Objects.requireNonNull(wire, "wire");
        if (wire.length < 1 || wire.length < 1 + (wire[0] & 0xff)) {
            throw new IllegalArgumentException("malformed topic message: " + wire.length + " bytes");
        }
        int nameLength = wire[0] & 0xff;
        String name = new String(wire, 1, nameLength, StandardCharsets.UTF_8);
        int start = 1 + nameLength;
        byte[] payload = java.util.Arrays.copyOfRange(wire, start, wire.length);
        switch (name) {
            case STRING:
                return new String(payload, StandardCharsets.UTF_8);
            case BYTES:
                return payload;
            case TEXT:
                return Frame.text(new String(payload, StandardCharsets.UTF_8));
            case BINARY:
                return Frame.binary(ByteBuffer.wrap(payload));
            case PING:
                return new Frame.Ping(ByteBuffer.wrap(payload));
            case PONG:
                return new Frame.Pong(ByteBuffer.wrap(payload));
            default:
                TopicCodec codec = codecs.get(name);
                if (codec == null) {
                    throw new IllegalArgumentException("a topic message of type \"" + name + "\" arrived, but this "
                            + "server's bus has no TopicCodec of that name (it has " + new ArrayList<>(codecs.keySet())
                            + "): give every server the same codecs");
                }
                return codec.decode(payload);
        }
    }

    @Override
    public String toString() {
        return "TopicWire[String, byte[], Frame" + (codecs.isEmpty() ? "" : ", " + String.join(", ", codecs.keySet())) + "]";
    }

    private static byte[] frame(String name, byte[] payload) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + n.length + payload.length];
        out[0] = (byte) n.length;
        System.arraycopy(n, 0, out, 1, n.length);
        System.arraycopy(payload, 0, out, 1 + n.length, payload.length);
        return out;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
