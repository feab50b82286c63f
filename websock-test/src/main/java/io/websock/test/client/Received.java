package io.websock.test.client;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One thing a {@link WebSockTestClient} received from the server, in arrival order: a whole text or binary
 * message, a ping, a pong, the server's close frame, or the failure that ended the connection.
 *
 * <p>Values compare by content (byte arrays by their bytes), so a test can write
 * {@code assertThat(client.received()).contains(new Received.Text("hi"))}. {@link #describe()} gives the
 * short form failure messages use: {@code text "hi"}, {@code binary 0x0102 (2 bytes)}, {@code close 1000 "bye"}.
 */
public sealed interface Received {

    /** A short, human-readable form of this item, as failure messages show it. */
    String describe();

    /** A whole text message (fragments already joined). */
    record Text(String text) implements Received {
        /** @throws NullPointerException if {@code text} is null */
        public Text {
            Objects.requireNonNull(text, "text must not be null");
        }

        @Override
        public String describe() {
            return "text " + quote(text);
        }
    }

    /** A whole binary message (fragments already joined). */
    record Binary(byte[] data) implements Received {
        /** Keeps a copy of {@code data}. */
        public Binary {
            data = data.clone();
        }

        /** A copy of the message's bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && Arrays.equals(data, b.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Binary[" + hex(data) + "]";
        }

        @Override
        public String describe() {
            return "binary " + hex(data);
        }
    }

    /** A ping from the server (the JDK client has already answered it with a pong). */
    record Ping(byte[] data) implements Received {
        /** Keeps a copy of {@code data}. */
        public Ping {
            data = data.clone();
        }

        /** A copy of the ping's payload. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ping p && Arrays.equals(data, p.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Ping[" + hex(data) + "]";
        }

        @Override
        public String describe() {
            return "ping " + hex(data);
        }
    }

    /** A pong from the server. */
    record Pong(byte[] data) implements Received {
        /** Keeps a copy of {@code data}. */
        public Pong {
            data = data.clone();
        }

        /** A copy of the pong's payload. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pong p && Arrays.equals(data, p.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Pong[" + hex(data) + "]";
        }

        @Override
        public String describe() {
            return "pong " + hex(data);
        }
    }

    /**
     * The server's close frame: its code ({@code 1005} when the frame carried none) and reason ({@code ""} when none).
     */
    record Close(int code, String reason) implements Received {
        /** @throws NullPointerException if {@code reason} is null */
        public Close {
            Objects.requireNonNull(reason, "reason must not be null");
        }

        @Override
        public String describe() {
            return "close " + code + " " + quote(reason);
        }
    }

    /** The connection failed (for example TCP was lost without a close frame); nothing follows it. */
    record Failure(Throwable error) implements Received {
        /** @throws NullPointerException if {@code error} is null */
        public Failure {
            Objects.requireNonNull(error, "error must not be null");
        }

        @Override
        public String describe() {
            return "failure " + error + (error.getCause() == null ? "" : " caused by " + error.getCause());
        }
    }

    private static String quote(String s) {
        String shown = s.length() > 200 ? s.substring(0, 200) + "…" : s;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                + "\"" + (s.length() > 200 ? " (" + s.length() + " chars)" : "");
    }

    /** {@code 0x0102 (2 bytes)}, shortened after 64 bytes; {@code (empty)} for none. */
    private static String hex(byte[] data) {
        if (data.length == 0) {
            return "(empty)";
        }
        int shown = Math.min(data.length, 64);
        return "0x" + HexFormat.of().formatHex(data, 0, shown) + (shown < data.length ? "…" : "")
                + " (" + data.length + (data.length == 1 ? " byte)" : " bytes)");
    }
}
