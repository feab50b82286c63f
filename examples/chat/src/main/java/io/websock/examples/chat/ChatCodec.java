package io.websock.examples.chat;

import io.websock.spi.TopicCodec;

import java.nio.charset.StandardCharsets;

/**
 * Carries the chat's own info messages between servers: {@link ChatHandler.Typing} and
 * {@link ChatHandler.Here}, as {@code T\n<from>\n<user>} and {@code H\n<node>\n<user>} in UTF-8 (ids and user
 * names contain no line breaks: {@link RequireUser} checks the names). Chat lines are pre-encoded
 * {@code Frame.Text}s, which every bus carries already.
 */
public final class ChatCodec implements TopicCodec {

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public boolean accepts(Object message) {
        return message instanceof ChatHandler.Typing || message instanceof ChatHandler.Here;
    }

    @Override
    public byte[] encode(Object message) {
        String text = message instanceof ChatHandler.Typing t ? "T\n" + t.from() + "\n" + t.user()
                : "H\n" + ((ChatHandler.Here) message).node() + "\n" + ((ChatHandler.Here) message).user();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\n", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a chat info message: " + parts.length + " parts");
        }
        return switch (parts[0]) {
            case "T" -> new ChatHandler.Typing(parts[1], parts[2]);
            case "H" -> new ChatHandler.Here(parts[1], parts[2]);
            default -> throw new IllegalArgumentException("unknown chat info message kind " + parts[0]);
        };
    }
}
