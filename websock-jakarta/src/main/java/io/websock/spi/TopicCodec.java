package io.websock.spi;

/**
 * Turns one kind of application message into bytes and back, so that a distributed {@link TopicBus} can
 * carry it to the other servers. The built-in {@link TopicWire} already carries {@code String},
 * {@code byte[]} and {@link io.websock.Frame}; add a codec for anything else, e.g. JSON through Jakarta
 * JSON-B for the application's records.
 *
 * <p><b>Contract.</b> {@link #name()} is written with every message this codec encodes and picks the codec
 * that decodes it on the receiving server, so every server of the application must have a codec of that name
 * that decodes what this one encodes. {@link #decode} of {@link #encode}'s result gives a message the
 * receiving handlers treat as equal to the original. Implementations are thread-safe, do not block, and are
 * called on publishing threads (encode) and on the bus's I/O thread (decode).
 */
public interface TopicCodec {

    /**
     * The name written with each message this codec encodes: 1 to 64 characters, not starting with
     * {@code websock.} (reserved for the built-in types).
     */
    String name();

    /** Whether this codec carries {@code message} (decided by its type, normally). */
    boolean accepts(Object message);

    /** The bytes of {@code message}, which {@link #accepts} accepted. */
    byte[] encode(Object message);

    /** The message that {@link #encode} turned into {@code bytes}. */
    Object decode(byte[] bytes);
}
