package io.websock.jakarta;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A real WebSocket client (the JDK's {@code java.net.http.WebSocket}) that records what it receives,
 * in order, as {@link Received} values a test can await. Pings are answered by the JDK automatically.
 * With {@code autoRead} off it stops reading from the socket, which is how a slow consumer looks.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public sealed interface Received {
    }

    public record Text(String text) implements Received {
    }

    public record Binary(byte[] data) implements Received {
    }

    public record Ping(byte[] data) implements Received {
    }

    public record Pong(byte[] data) implements Received {
    }

    public record Close(int code, String reason) implements Received {
    }

    public record Failed(Throwable error) implements Received {
        @Override
        public String toString() {
            return "Failed[" + error + (error.getCause() == null ? "" : " caused by " + error.getCause()) + "]";
        }
    }

    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    public final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder textParts = new StringBuilder();
    private final java.io.ByteArrayOutputStream binaryParts = new java.io.ByteArrayOutputStream();
    private final boolean autoRead;
    public final WebSocket ws;

    private WsClient(URI uri, boolean autoRead, String... subprotocols) {
        this.autoRead = autoRead;
        var builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        this.ws = builder.buildAsync(uri, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public static WsClient connect(URI uri) {
        return new WsClient(uri, true);
    }

    /** Connects offering {@code subprotocols}, in the client's order of preference. */
    public static WsClient connect(URI uri, String... subprotocols) {
        return new WsClient(uri, true, subprotocols);
    }

    /** A client that reads nothing until {@link #resumeReading()}: the server's writes back up into TCP. */
    public static WsClient connectNotReading(URI uri) {
        return new WsClient(uri, false);
    }

    public void resumeReading() {
        ws.request(Long.MAX_VALUE);
    }

    public WsClient text(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    public WsClient binary(byte[] data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    public WsClient ping(byte[] data) {
        ws.sendPing(ByteBuffer.wrap(data)).join();
        return this;
    }

    public WsClient pong(byte[] data) {
        ws.sendPong(ByteBuffer.wrap(data)).join();
        return this;
    }

    /** Sends a close frame with {@code code} (or none with {@code WebSocket.NORMAL_CLOSURE}) and reason. */
    public void sendClose(int code, String reason) {
        ws.sendClose(code, reason).join();
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        ws.abort();
    }

    /** The next thing received, failing the test if nothing comes within {@link #WAIT}. */
    public Received next() {
        try {
            Received r = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                fail("nothing received within " + WAIT);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String nextText() {
        Received r = next();
        assertThat(r).isInstanceOf(Text.class);
        return ((Text) r).text();
    }

    public byte[] nextBinary() {
        Received r = next();
        assertThat(r).isInstanceOf(Binary.class);
        return ((Binary) r).data();
    }

    /** Waits for the server's close frame (skipping nothing: the next thing must be the close). */
    public Close nextClose() {
        Received r = next();
        assertThat(r).as("expected a close frame").isInstanceOf(Close.class);
        return (Close) r;
    }

    /** Waits for the close, skipping pings and whatever data comes first. */
    public Close awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no close frame within " + wait + "; received " + received, e);
        }
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null);
        }
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            if (autoRead) {
                webSocket.request(Long.MAX_VALUE);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            textParts.append(data);
            if (last) {
                received.add(new Text(textParts.toString()));
                textParts.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binaryParts.writeBytes(chunk);
            if (last) {
                received.add(new Binary(binaryParts.toByteArray()));
                binaryParts.reset();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            received.add(new Ping(bytes(message)));
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            received.add(new Pong(bytes(message)));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            Close close = new Close(statusCode, reason);
            received.add(close);
            closed.complete(close);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(new Failed(error));
            closed.completeExceptionally(error);
        }

        private byte[] bytes(ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }
}
