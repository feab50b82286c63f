package io.websock.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The idle peers of {@link IdleMemory}, in a process of their own (so the server's heap holds no client
 * objects, and each process stays under the file-descriptor limit). Opens {@code n} WebSocket connections
 * to {@code ws://127.0.0.1:port/path} with a hand-written upgrade (plain blocking sockets, no thread per
 * connection), prints {@code OPEN n}, then keeps them idle until a line arrives on stdin, closes them all
 * and prints {@code CLOSED}. Arguments: {@code port path n [browser]}.
 */
public final class IdleClients {

    private IdleClients() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int n = Integer.parseInt(args[2]);
        boolean browser = args.length > 3 && args[3].equals("browser");
        List<Socket> sockets = new ArrayList<>(n);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16])
                + "\r\nSec-WebSocket-Version: 13\r\n" + (browser ? BROWSER_HEADERS : "") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            String status = readHead(socket.getInputStream());
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("connection " + i + " to " + path + " was not upgraded: " + status);
            }
            sockets.add(socket);
        }
        System.out.println("OPEN " + sockets.size());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        for (Socket socket : sockets) {
            try {
                socket.close(); // abrupt: the servers see the TCP connection end (cheap for 10 000 peers)
            } catch (IOException ignored) {
                // already gone
            }
        }
        System.out.println("CLOSED");
        System.out.flush();
    }

    /**
     * With {@code browser}: the other headers a desktop browser sends with a WebSocket upgrade (no Origin, which
     * the bridge's default origin policy checks; no extensions, which would add per-message deflate on both sides).
     */
    static final String BROWSER_HEADERS = "Pragma: no-cache\r\nCache-Control: no-cache\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\nAccept-Language: en-US,en;q=0.9,de;q=0.8\r\n"
            + "Cookie: session=3f2a9c1e7b5d4a6f8e0c2b1a9d7f5e3c; theme=dark\r\n";

    /** Reads the response head up to the empty line; returns its status line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade: " + head);
            }
            head.append((char) b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        int eol = head.indexOf("\r\n");
        return head.substring(0, eol);
    }
}
