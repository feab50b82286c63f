package io.websock.test.client;

import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written against the socket, for what a well-behaved client refuses to do: send a
 * hand-written upgrade request (any method, version or header) and read the whole answer (status line, headers,
 * body of a refusal), send frames one by one (fragments, reserved bits, unmasked frames, invalid UTF-8, a header
 * that declares more bytes than follow, control frames over 125 bytes) and drop TCP without a close frame.
 *
 * <pre>{@code
 * try (RawWebSocket raw = RawWebSocket.upgrade(uri, "Origin: http://evil.example")) {
 *     assertEquals(403, raw.status());
 * }
 * try (RawWebSocket raw = RawWebSocket.connect(uri)) {
 *     raw.sendFrame(true, RawWebSocket.TEXT, new byte[] {(byte) 0xC3, 0x28}); // invalid UTF-8
 *     assertEquals(1007, raw.readUntilClose().closeCode());
 * }
 * }</pre>
 *
 * <p>Frames it sends are masked with a random key, as RFC 6455 requires of clients, unless a
 * {@link FrameBuilder} says otherwise. Reads wait at most the timeout ({@link WebSockTestClient#DEFAULT_TIMEOUT}
 * unless {@link #timeout(Duration) changed}) and then throw {@link java.net.SocketTimeoutException}.
 *
 * <p>Not thread-safe: use one instance from one thread at a time.
 */
public final class RawWebSocket implements AutoCloseable {

    /** Opcode of a continuation frame. */
    public static final int CONTINUATION = 0x0;
    /** Opcode of a text frame. */
    public static final int TEXT = 0x1;
    /** Opcode of a binary frame. */
    public static final int BINARY = 0x2;
    /** Opcode of a close frame. */
    public static final int CLOSE = 0x8;
    /** Opcode of a ping frame. */
    public static final int PING = 0x9;
    /** Opcode of a pong frame. */
    public static final int PONG = 0xA;

    /** The {@code Sec-WebSocket-Key} the upgrades of this class send (RFC 6455's example). */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The {@code Sec-WebSocket-Accept} a server must answer to {@link #KEY}. */
    public static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    /**
     * One frame as the server sent it.
     *
     * @param fin     whether it is the last frame of its message
     * @param rsv     the three reserved bits (RSV1 = 4, RSV2 = 2, RSV3 = 1); 0 unless an extension set them
     * @param opcode  {@link #TEXT}, {@link #BINARY}, {@link #CONTINUATION}, {@link #CLOSE}, {@link #PING} or {@link #PONG}
     * @param payload the payload, unmasked
     */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

        /** Keeps a copy of {@code payload}. */
        public Frame {
            payload = payload.clone();
        }

        /** A copy of the payload. */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** For a close frame: its status code, or 1005 if it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        /** For a close frame: its reason text, or {@code ""}. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.fin == fin && f.rsv == rsv && f.opcode == opcode && Arrays.equals(f.payload, payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fin, rsv, opcode, Arrays.hashCode(payload));
        }

        @Override
        public String toString() {
            String kind = switch (opcode) {
                case CONTINUATION -> "continuation";
                case TEXT -> "text";
                case BINARY -> "binary";
                case CLOSE -> "close " + closeCode();
                case PING -> "ping";
                case PONG -> "pong";
                default -> "opcode 0x" + Integer.toHexString(opcode);
            };
            String shown = opcode == TEXT || (opcode == CONTINUATION && isText(payload)) ? " \"" + abbreviate(text()) + "\""
                    : opcode == CLOSE ? (closeReason().isEmpty() ? "" : " \"" + closeReason() + "\"")
                    : " " + payload.length + " bytes";
            return kind + shown + (fin ? "" : " (not fin)") + (rsv == 0 ? "" : " rsv=" + rsv);
        }

        private static boolean isText(byte[] b) {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b), java.nio.CharBuffer.allocate(b.length), true)
                    .isUnderflow();
        }

        private static String abbreviate(String s) {
            return s.length() > 100 ? s.substring(0, 100) + "… (" + s.length() + " chars)" : s;
        }
    }

    private final URI uri;
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String head;
    private final int status;
    private final Map<String, List<String>> headers;
    private final String body;

    private RawWebSocket(URI uri, String request) throws IOException {
        this.uri = uri;
        this.socket = open(uri);
        boolean done = false;
        try {
            socket.setSoTimeout((int) WebSockTestClient.DEFAULT_TIMEOUT.toMillis());
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(socket.getInputStream());
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            this.head = readHead(in);
            if (head.isEmpty()) {
                throw new EOFException("the server closed the connection without answering the request to " + uri);
            }
            String[] lines = head.split("\r\n");
            String[] statusLine = lines[0].split(" ");
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP response from " + uri + ": \"" + lines[0] + "\"");
            }
            this.status = Integer.parseInt(statusLine[1]);
            Map<String, List<String>> h = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    h.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            h.replaceAll((k, v) -> List.copyOf(v));
            this.headers = Collections.unmodifiableMap(h);
            this.body = status == 101 ? "" : readBody();
            done = true;
        } finally {
            if (!done) {
                socket.close();
            }
        }
    }

    /**
     * Connects and completes a valid upgrade of {@code uri}'s path and query.
     *
     * @throws AssertionError if the server answers anything but 101, quoting the answer
     * @throws IOException    if the connection fails
     */
    public static RawWebSocket connect(URI uri) throws IOException {
        RawWebSocket raw = upgrade(uri);
        if (raw.status != 101) {
            raw.close();
            throw new AssertionError("expected 101 Switching Protocols from " + uri + ", got:\n" + raw.head + raw.body);
        }
        return raw;
    }

    /**
     * Sends a valid upgrade request for {@code uri}'s path and query ({@link #validRequest}) with
     * {@code extraHeaders} added ({@code "Name: value"} each), and reads the answer, whatever its status.
     */
    public static RawWebSocket upgrade(URI uri, String... extraHeaders) throws IOException {
        return request(uri, validRequest(uri, extraHeaders) + "\r\n");
    }

    /**
     * Sends {@code request} exactly as given (request line, headers and the blank line that ends them; nothing is
     * added or checked) to the host and port of {@code server}, and reads the answer's head (and its body unless it
     * is 101). Use it for malformed upgrades: start from {@link #validRequest} and change what the test needs.
     */
    public static RawWebSocket request(URI server, String request) throws IOException {
        Objects.requireNonNull(request, "request must not be null");
        return new RawWebSocket(Objects.requireNonNull(server, "server must not be null"), request);
    }

    /**
     * The head of a valid upgrade request for {@code uri}'s path and query, with {@code extraHeaders} added:
     * each line ends with CRLF, but the blank line that ends the head is <em>not</em> included, so headers can
     * still be appended. {@code Host} is the URI's host and port; {@code Sec-WebSocket-Key} is {@link #KEY}.
     */
    public static String validRequest(URI uri, String... extraHeaders) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder r = new StringBuilder("GET " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port(uri) + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            if (h.contains("\r") || h.contains("\n") || h.indexOf(':') < 1) {
                throw new IllegalArgumentException("header must be one \"Name: value\" line, got \"" + h + "\"");
            }
            r.append(h).append("\r\n");
        }
        return r.toString();
    }

    // ---- the answer ---------------------------------------------------------------------------------------

    /** The HTTP status of the answer: 101 after an upgrade, 400/403/… for a refusal. */
    public int status() {
        return status;
    }

    /** The answer's status line, e.g. {@code HTTP/1.1 403 Forbidden}. */
    public String statusLine() {
        return head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
    }

    /** The answer's whole head as received: status line and headers, CRLF-separated, with the blank line. */
    public String head() {
        return head;
    }

    /** The first value of response header {@code name} (any case), or {@code null} if absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    /** Every response header, by lower-case name, values in order. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The body of a refusal as UTF-8 text (read to its {@code Content-Length}, chunked encoding decoded, or to the end
     * of the connection when it says {@code Connection: close}); {@code ""} after a 101 or without a body.
     */
    public String body() {
        return body;
    }

    // ---- frames -------------------------------------------------------------------------------------------

    /** Changes how long each read waits (default {@link WebSockTestClient#DEFAULT_TIMEOUT}). */
    public RawWebSocket timeout(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
        return this;
    }

    /** Sends one masked frame. */
    public RawWebSocket sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        return frame(opcode).fin(fin).payload(payload).send();
    }

    /** Sends a text message in one masked frame. */
    public RawWebSocket sendText(String text) throws IOException {
        return sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a binary message in one masked frame. */
    public RawWebSocket sendBinary(byte[] data) throws IOException {
        return sendFrame(true, BINARY, data);
    }

    /** Sends a close frame carrying {@code code} and no reason. */
    public RawWebSocket sendClose(int code) throws IOException {
        return sendClose(code, "");
    }

    /** Sends a close frame carrying {@code code} and {@code reason} (not checked: any code and length go out). */
    public RawWebSocket sendClose(int code, String reason) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(code >>> 8);
        payload.write(code);
        payload.writeBytes(reason.getBytes(StandardCharsets.UTF_8));
        return sendFrame(true, CLOSE, payload.toByteArray());
    }

    /** A frame to describe bit by bit, then {@link FrameBuilder#send()}: final, no reserved bits, masked, empty. */
    public FrameBuilder frame(int opcode) {
        return new FrameBuilder(opcode);
    }

    /**
     * Sends only the header of a final frame that declares {@code declaredLength} payload bytes (in the 64-bit length
     * form), masked with an all-zero key, so that the payload bytes that follow with {@link #sendBytes} go on the
     * wire unchanged.
     */
    public RawWebSocket sendHeader(int opcode, long declaredLength) throws IOException {
        return frame(opcode).declaredLength(declaredLength).mask(new byte[4]).send();
    }

    /** Writes {@code bytes} to the socket as they are. */
    public RawWebSocket sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads the next frame the server sends. */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long n = b1 & 0x7f;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException("the server declared a frame of " + n + " bytes");
        }
        byte[] mask = null;
        if ((b1 & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) n];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 0x7, b0 & 0x0f, payload);
    }

    /**
     * Reads one whole message: a first data frame and its continuations, joined into one final frame with the first
     * frame's opcode. Control frames the server sends in between are skipped.
     */
    public Frame readMessage() throws IOException {
        Frame first;
        do {
            first = readFrame();
        } while (first.opcode() >= CLOSE && first.opcode() != CLOSE);
        if (first.opcode() == CLOSE || first.fin()) {
            return first;
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(first.payload);
        Frame f = first;
        while (!f.fin()) {
            f = readFrame();
            if (f.opcode() < CLOSE) {
                payload.writeBytes(f.payload);
            } else if (f.opcode() == CLOSE) {
                return f;
            }
        }
        return new Frame(true, first.rsv(), first.opcode(), payload.toByteArray());
    }

    /** Reads frames until a close frame and returns it. */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == CLOSE) {
                return f;
            }
        }
    }

    /**
     * Reads frames until a close frame, which must carry {@code code}.
     *
     * @throws AssertionError if the close carries another code, or the connection ends or the timeout passes first;
     *         the message lists the frames read on the way
     */
    public Frame expectClose(int code) throws IOException {
        List<Frame> seen = new ArrayList<>();
        try {
            while (true) {
                Frame f = readFrame();
                seen.add(f);
                if (f.opcode() == CLOSE) {
                    if (f.closeCode() != code) {
                        throw new AssertionError("expected close " + code + ", but got " + f + " (" + uri
                                + ")\nframes read, in order: " + seen);
                    }
                    return f;
                }
            }
        } catch (EOFException | java.net.SocketException | java.net.SocketTimeoutException e) {
            throw new AssertionError("expected close " + code + ", but " + (e instanceof java.net.SocketTimeoutException
                    ? "none came in time" : "the connection ended (" + e + ")") + " (" + uri + ")\nframes read, in order: "
                    + (seen.isEmpty() ? "none" : seen), e);
        }
    }

    /** Drops TCP with a reset (SO_LINGER 0), sending no close frame. */
    public void drop() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Closes the socket (without a close frame; send one first with {@link #sendClose} for a clean end). */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "RawWebSocket[" + uri + ", " + statusLine() + "]";
    }

    /**
     * One frame to send, described bit by bit. Defaults: final, reserved bits 0, masked with a random key, empty
     * payload, length as the payload's. Obtained from {@link RawWebSocket#frame(int)}.
     */
    public final class FrameBuilder {
        private final int opcode;
        private boolean fin = true;
        private int rsv;
        private boolean masked = true;
        private byte[] key;
        private byte[] payload = new byte[0];
        private long declaredLength = -1;

        private FrameBuilder(int opcode) {
            if (opcode < 0 || opcode > 0xF) {
                throw new IllegalArgumentException("opcode must be 0x0–0xF, got " + opcode);
            }
            this.opcode = opcode;
        }

        /** Whether this is the last frame of its message. */
        public FrameBuilder fin(boolean fin) {
            this.fin = fin;
            return this;
        }

        /** The three reserved bits (RSV1 = 4, RSV2 = 2, RSV3 = 1), which a server without extensions must refuse. */
        public FrameBuilder rsv(int bits) {
            if (bits < 0 || bits > 7) {
                throw new IllegalArgumentException("reserved bits must be 0–7, got " + bits);
            }
            this.rsv = bits;
            return this;
        }

        /** Sends the payload unmasked (a server must refuse an unmasked client frame). */
        public FrameBuilder unmasked() {
            this.masked = false;
            this.key = null;
            return this;
        }

        /**
         * Masks with this 4-byte key instead of a random one ({@code new byte[4]}: the payload goes out unchanged).
         *
         * @throws IllegalArgumentException if {@code key} is not 4 bytes long
         */
        public FrameBuilder mask(byte[] key) {
            if (key.length != 4) {
                throw new IllegalArgumentException("a masking key has 4 bytes, got " + key.length);
            }
            this.masked = true;
            this.key = key.clone();
            return this;
        }

        /** The payload (no size check: control frames over 125 bytes go out as given). */
        public FrameBuilder payload(byte[] payload) {
            this.payload = payload.clone();
            return this;
        }

        /** The payload as UTF-8 text. */
        public FrameBuilder payload(String text) {
            return payload(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Declares this length in the header (64-bit form) whatever the payload's size; with an empty payload only
         * the header goes out, and the bytes can follow with {@link RawWebSocket#sendBytes}.
         */
        public FrameBuilder declaredLength(long length) {
            if (length < 0) {
                throw new IllegalArgumentException("declared length must not be negative, got " + length);
            }
            this.declaredLength = length;
            return this;
        }

        /** Writes the frame. */
        public RawWebSocket send() throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
            int maskBit = masked ? 0x80 : 0;
            long n = declaredLength >= 0 ? declaredLength : payload.length;
            if (declaredLength >= 0 || n >= 65536) {
                f.write(maskBit | 127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) (n >>> (8 * i)));
                }
            } else if (n >= 126) {
                f.write(maskBit | 126);
                f.write((int) (n >>> 8));
                f.write((int) n);
            } else {
                f.write(maskBit | (int) n);
            }
            byte[] wire = payload.clone();
            if (masked) {
                byte[] mask = key;
                if (mask == null) {
                    mask = new byte[4];
                    ThreadLocalRandom.current().nextBytes(mask);
                }
                f.write(mask);
                for (int i = 0; i < wire.length; i++) {
                    wire[i] ^= mask[i % 4];
                }
            }
            f.write(wire);
            out.write(f.toByteArray());
            out.flush();
            return RawWebSocket.this;
        }
    }

    // ---- internals ----------------------------------------------------------------------------------------

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "wss".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static Socket open(URI uri) throws IOException {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("uri must name a host, got " + uri);
        }
        boolean tls = "wss".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        return tls ? SSLSocketFactory.getDefault().createSocket(uri.getHost(), port(uri)) : new Socket(uri.getHost(), port(uri));
    }

    private String readBody() throws IOException {
        String length = header("content-length");
        if (length != null) {
            byte[] b = new byte[Integer.parseInt(length.trim())];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
        String encoding = header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return b.toString(StandardCharsets.UTF_8);
                }
                b.write(in.readNBytes(size));
                readLine(in);
            }
        }
        String connection = header("connection");
        if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                in.transferTo(b);
            } catch (java.net.SocketTimeoutException | java.net.SocketException stillOpenOrReset) {
                // a server that said "close" but kept the connection open, or reset it: the body is what came
            }
            return b.toString(StandardCharsets.UTF_8);
        }
        return "";
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    /** Reads an HTTP response head, up to and including the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
