package io.websock.test;

import io.websock.Frame;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.stream.Collectors;

/** Frames and values as failure messages show them. */
final class Describe {

    private static final int MAX_TEXT = 200;

    private Describe() {
    }

    static String value(Object value) {
        if (value instanceof Frame frame) {
            return frame(frame);
        }
        if (value instanceof String s) {
            return quote(s);
        }
        return String.valueOf(value);
    }

    static String values(Collection<?> values) {
        return values.stream().map(Describe::value).collect(Collectors.joining(", ", "[", "]"));
    }

    static String frame(Frame frame) {
        if (frame instanceof Frame.Text t) {
            return "text " + quote(t.text());
        }
        if (frame instanceof Frame.Binary b) {
            return "binary " + bytes(b.data());
        }
        if (frame instanceof Frame.Ping p) {
            return "ping " + bytes(p.payload());
        }
        return "pong " + bytes(((Frame.Pong) frame).payload());
    }

    private static String quote(String s) {
        return "\"" + (s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…(" + s.length() + " chars)" : s) + "\"";
    }

    private static String bytes(ByteBuffer data) {
        StringBuilder sb = new StringBuilder().append(data.remaining()).append(" bytes");
        if (data.hasRemaining()) {
            sb.append(" [");
            int n = Math.min(data.remaining(), 32);
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : " ").append(String.format("%02x", data.get(data.position() + i)));
            }
            sb.append(data.remaining() > n ? " …]" : "]");
        }
        return sb.toString();
    }
}
