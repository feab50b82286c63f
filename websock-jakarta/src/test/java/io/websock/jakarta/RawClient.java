package io.websock.jakarta;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written against the socket, for what library clients refuse to do: send
 * fragments frame by frame, send invalid UTF-8, drop TCP without a close frame, or send a
 * hand-written upgrade request. Frames it sends are masked, as RFC 6455 requires of clients.
 */
public final class RawClient implements AutoCloseable {

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** A frame as read from the server. */
    public record Frame(boolean fin, int opcode, byte[] payload) {
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    public String handshakeResponse;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout((int) WsClient.WAIT.toMillis());
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and completes a standard upgrade, failing unless the server answers 101. */
    public static RawClient connect(URI uri) throws IOException {
        RawClient c = new RawClient(new Socket("127.0.0.1", uri.getPort()));
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        c.out.write(("GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        c.out.flush();
        c.handshakeResponse = readHead(c.in);
        if (!c.handshakeResponse.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + c.handshakeResponse);
        }
        return c;
    }

    /** Sends {@code request} as-is and returns the whole HTTP response (head and body) as text. */
    public static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WsClient.WAIT.toMillis());
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads an HTTP response head, up to and including the blank line. */
    static String readHead(InputStream in) throws IOException {
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

    public RawClient send(boolean fin, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            f.write(0x80 | n);
        } else if (n < 65536) {
            f.write(0x80 | 126);
            f.write(n >>> 8);
            f.write(n);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) n >>> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < n; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        out.write(f.toByteArray());
        out.flush();
        return this;
    }

    /**
     * Sends only the header of a final frame that declares {@code declaredLength} payload bytes (64-bit length
     * form, all-zero mask, so payload bytes sent afterwards with {@link #sendPayload} go on the wire unchanged).
     */
    public RawClient sendHeader(int opcode, long declaredLength) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        f.write(0x80 | 127);
        for (int i = 7; i >= 0; i--) {
            f.write((int) (declaredLength >>> (8 * i)));
        }
        f.write(new byte[4]);
        out.write(f.toByteArray());
        out.flush();
        return this;
    }

    /** Sends payload bytes of the frame begun by {@link #sendHeader} (its mask is zero: no masking needed). */
    public RawClient sendPayload(byte[] part) throws IOException {
        out.write(part);
        out.flush();
        return this;
    }

    public RawClient text(String text) throws IOException {
        return send(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public RawClient close(int code) throws IOException {
        return send(true, CLOSE, new byte[]{(byte) (code >>> 8), (byte) code});
    }

    /** Reads the next frame from the server (the server's frames are not masked). */
    public Frame read() throws IOException {
        return readFrame(in);
    }

    /** Reads one frame as a server sends it (unmasked). */
    static Frame readFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long n = b1 & 0x7f;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        byte[] payload = new byte[(int) n];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, b0 & 0x0f, payload);
    }

    /** Reads frames until a close frame and returns it. */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() == CLOSE) {
                return f;
            }
        }
    }

    /** Drops TCP with a reset (SO_LINGER 0), sending no close frame. */
    public void drop() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    public InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
