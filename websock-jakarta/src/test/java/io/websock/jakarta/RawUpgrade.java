package io.websock.jakarta;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-written upgrade request over a socket, for what the JDK client hides: the exact request headers
 * (mixed case, Origin, Sec-WebSocket-Protocol) and the whole response head (status, headers). After a 101
 * it reads the server's frames; otherwise it reads the response body to its Content-Length.
 */
public final class RawUpgrade implements AutoCloseable {

    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    public static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="; // RFC 6455's example pair

    public final int status;
    public final String head;
    public final Map<String, List<String>> headers = new LinkedHashMap<>();
    public final String body;
    private final Socket socket;
    private final DataInputStream in;

    private RawUpgrade(Socket socket, String request) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) WsClient.WAIT.toMillis());
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        in = new DataInputStream(socket.getInputStream());
        head = RawClient.readHead(in);
        String[] lines = head.split("\r\n");
        status = Integer.parseInt(lines[0].split(" ")[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        if (status != 101 && header("content-length") != null) {
            byte[] b = new byte[Integer.parseInt(header("content-length"))];
            in.readFully(b);
            body = new String(b, StandardCharsets.UTF_8);
        } else {
            body = "";
        }
    }

    /** A valid upgrade of {@code path} (with query) plus {@code extraHeaders} ("Name: value" lines). */
    public static RawUpgrade get(int port, String pathAndQuery, String... extraHeaders) throws IOException {
        StringBuilder r = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            r.append(h).append("\r\n");
        }
        return send(port, r.append("\r\n").toString());
    }

    /** Sends {@code request} as-is. */
    public static RawUpgrade send(int port, String request) throws IOException {
        return new RawUpgrade(new Socket("127.0.0.1", port), request);
    }

    /** The first value of a response header (any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : v.get(0);
    }

    /** The next frame from the server after a 101 (server frames are unmasked). */
    public RawClient.Frame read() throws IOException {
        return RawClient.readFrame(in);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
