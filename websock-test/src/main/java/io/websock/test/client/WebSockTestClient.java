package io.websock.test.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A real WebSocket client for tests (the JDK's {@code java.net.http.WebSocket}), whose expectations wait for
 * what the server sends and, when it does not come, fail with an {@link AssertionError} that says what was
 * expected and lists everything received so far, in order.
 *
 * <pre>{@code
 * try (WebSockTestClient client = WebSockTestClient.connect(URI.create("ws://127.0.0.1:8080/echo"))) {
 *     client.sendText("hi").expectText("hi");
 *     client.sendText("bye").expectClose(1000, "bye");
 * }
 * }</pre>
 *
 * <p>What the client receives is kept in arrival order as {@link Received} items: whole text and binary
 * messages (fragments joined), pings (the JDK answers them with a pong by itself), pongs, the server's close
 * frame, or the failure that ended the connection. Each {@code expect…} method and each {@code next…} method
 * takes the next item not yet taken; {@link #received()} lists all items, taken or not. Each waits at most
 * {@link #timeout()} (default {@link #DEFAULT_TIMEOUT}); a failed expectation takes the item that did not match.
 *
 * <p>It needs nothing but the JDK: use it from JUnit 5 (see {@code io.websock.test.junit.WebSockTest}), from an
 * Arquillian client-mode test ({@link #connect(URL, String)}), or from any other test framework.
 *
 * <p>Thread-safe: sends are serialized, and one thread may send while another waits.
 */
public final class WebSockTestClient implements AutoCloseable {

    /**
     * How long expectations wait unless a {@linkplain Builder#timeout(Duration) timeout} is given: 10 seconds, or
     * the ISO-8601 duration in the system property {@code io.websock.test.timeout} (e.g. {@code PT30S}).
     */
    public static final Duration DEFAULT_TIMEOUT = defaultTimeout();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI uri;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<Received> received = new ArrayList<>();
    private final CompletableFuture<Received.Close> closeFrame = new CompletableFuture<>();
    private int taken;
    private volatile Duration timeout;
    private final boolean reading;
    private final WebSocket ws;

    private WebSockTestClient(Builder b) {
        this.uri = b.uri;
        this.timeout = b.timeout;
        this.reading = b.reading;
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(timeout);
        if (!b.subprotocols.isEmpty()) {
            builder.subprotocols(b.subprotocols.get(0), b.subprotocols.subList(1, b.subprotocols.size()).toArray(String[]::new));
        }
        b.headers.forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        try {
            this.ws = builder.buildAsync(uri, new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException refused) {
                throw new AssertionError("could not connect to " + uri + ": the upgrade was refused with HTTP "
                        + refused.getResponse().statusCode() + " (use RawWebSocket to read such a refusal)", cause);
            }
            throw new AssertionError("could not connect to " + uri + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError("could not connect to " + uri + " within " + human(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting to " + uri, e);
        }
    }

    /** Connects to {@code uri} ({@code ws:} or {@code wss:}) with the default settings. */
    public static WebSockTestClient connect(URI uri) {
        return builder(uri).connect();
    }

    /** Connects to {@code uri} offering {@code subprotocols}, in the client's order of preference. */
    public static WebSockTestClient connect(URI uri, String... subprotocols) {
        return builder(uri).subprotocols(subprotocols).connect();
    }

    /**
     * Connects to {@code path} of a deployed web application, as an Arquillian client-mode test sees it:
     * {@code connect(deploymentUrl, "/echo")} with the {@code @ArquillianResource URL} of the deployment.
     *
     * @see #uri(URL, String)
     */
    public static WebSockTestClient connect(URL deployment, String path) {
        return connect(uri(deployment, path));
    }

    /**
     * The WebSocket address of {@code path} in the web application at {@code deployment}: {@code http} becomes
     * {@code ws} and {@code https} {@code wss}; host and port stay; the deployment's context path is kept and
     * {@code path} (with its query, if any) appended. For example {@code http://127.0.0.1:8080/app/} and
     * {@code "/chat?room=1"} give {@code ws://127.0.0.1:8080/app/chat?room=1}.
     *
     * @throws IllegalArgumentException if {@code deployment} is not an http(s) URL or {@code path} does not start
     *         with '/', naming the value
     */
    public static URI uri(URL deployment, String path) {
        Objects.requireNonNull(deployment, "deployment URL must not be null");
        Objects.requireNonNull(path, "path must not be null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got \"" + path + "\"");
        }
        String scheme = switch (deployment.getProtocol()) {
            case "http" -> "ws";
            case "https" -> "wss";
            default -> throw new IllegalArgumentException("deployment URL must be http or https, got " + deployment);
        };
        String context = deployment.getPath();
        while (context.endsWith("/")) {
            context = context.substring(0, context.length() - 1);
        }
        String port = deployment.getPort() == -1 ? "" : ":" + deployment.getPort();
        try {
            return new URI(scheme + "://" + deployment.getHost() + port + context + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid path: \"" + path + "\" (" + e.getMessage() + ")", e);
        }
    }

    /** A builder for a client of {@code uri}, for subprotocols, request headers, a timeout or a paused reader. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** Settings of a client before it connects. Not thread-safe; {@link #connect()} may be called more than once. */
    public static final class Builder {
        private final URI uri;
        private final List<String> subprotocols = new ArrayList<>();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean reading = true;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri must not be null");
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("uri must be ws: or wss:, got " + uri);
            }
        }

        /** Offers these subprotocols, in the client's order of preference. */
        public Builder subprotocols(String... subprotocols) {
            this.subprotocols.clear();
            this.subprotocols.addAll(Arrays.asList(subprotocols));
            return this;
        }

        /**
         * Adds a request header to the upgrade (for example {@code Origin} or an authorization header). The JDK
         * refuses to let a caller set the handshake's own headers ({@code Upgrade}, {@code Sec-WebSocket-*} …):
         * use {@link RawWebSocket} for those.
         */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(Objects.requireNonNull(name, "header name must not be null"), k -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "value of header " + name + " must not be null"));
            return this;
        }

        /**
         * How long connecting, sending and each expectation wait.
         *
         * @throws IllegalArgumentException if {@code timeout} is zero or negative, naming it
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout);
            return this;
        }

        /**
         * Reads nothing from the socket until {@link WebSockTestClient#resumeReading()}: the server's writes back
         * up into TCP, which is how a slow consumer looks to the server.
         */
        public Builder paused() {
            this.reading = false;
            return this;
        }

        /**
         * Connects and completes the upgrade.
         *
         * @throws AssertionError if the server refuses the upgrade (naming the HTTP status) or does not answer
         *         within the timeout
         */
        public WebSockTestClient connect() {
            return new WebSockTestClient(this);
        }
    }

    /** The address this client connected to. */
    public URI uri() {
        return uri;
    }

    /** The subprotocol the server chose, or {@code ""} if none. */
    public String subprotocol() {
        return ws.getSubprotocol();
    }

    /** How long connecting, sending and each expectation wait. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Changes how long later sends and expectations wait.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative, naming it
     */
    public WebSockTestClient timeout(Duration timeout) {
        this.timeout = positive(timeout);
        return this;
    }

    // ---- sending ------------------------------------------------------------------------------------------

    /** Sends a text message (one frame) and waits until it is written. */
    public WebSockTestClient sendText(String text) {
        Objects.requireNonNull(text, "text must not be null");
        return await(new Received.Text(text).describe(), ws.sendText(text, true));
    }

    /** Sends a binary message (one frame) and waits until it is written. */
    public WebSockTestClient sendBinary(byte[] data) {
        return await(new Received.Binary(data).describe(), ws.sendBinary(ByteBuffer.wrap(data.clone()), true));
    }

    /** Sends a ping (at most 125 bytes); the server's container answers it with a pong. */
    public WebSockTestClient sendPing(byte[] data) {
        return await(new Received.Ping(data).describe(), ws.sendPing(ByteBuffer.wrap(data.clone())));
    }

    /** Sends an unsolicited pong (at most 125 bytes); a handler's {@code handleControl} receives it. */
    public WebSockTestClient sendPong(byte[] data) {
        return await(new Received.Pong(data).describe(), ws.sendPong(ByteBuffer.wrap(data.clone())));
    }

    /**
     * Sends a close frame with {@code code} (1000, or 3000–4999 for application codes) and {@code reason}; the
     * server's reply is then received as a {@link Received.Close}.
     */
    public WebSockTestClient sendClose(int code, String reason) {
        return await("close " + code, ws.sendClose(code, reason));
    }

    /** Drops the TCP connection at once, without a close frame. */
    public void abort() {
        ws.abort();
    }

    /** Starts reading after a {@linkplain Builder#paused() paused} start. */
    public WebSockTestClient resumeReading() {
        ws.request(Long.MAX_VALUE);
        return this;
    }

    private synchronized WebSockTestClient await(String what, CompletableFuture<WebSocket> send) {
        try {
            send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (ExecutionException e) {
            throw new AssertionError(failure("could not send " + what + ": " + e.getCause(), null), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(failure("could not send " + what + " within " + human(timeout)
                    + " (the server does not read?)", null), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending " + what, e);
        }
    }

    // ---- expectations -------------------------------------------------------------------------------------

    /** Expects the next item to be the text message {@code expected}. */
    public WebSockTestClient expectText(String expected) {
        Objects.requireNonNull(expected, "expected text must not be null");
        Received.Text want = new Received.Text(expected);
        expect(want.describe(), r -> r.equals(want));
        return this;
    }

    /** Expects the next item to be a text message for which {@code condition} holds. */
    public WebSockTestClient expectText(Predicate<? super String> condition) {
        return expectText("a text message matching the condition", condition);
    }

    /**
     * Expects the next item to be a text message for which {@code condition} holds; {@code description} says what
     * that is in a failure message, e.g. {@code expectText("a JSON array", t -> t.startsWith("["))}.
     */
    public WebSockTestClient expectText(String description, Predicate<? super String> condition) {
        Objects.requireNonNull(condition, "condition must not be null");
        expect(description, r -> r instanceof Received.Text t && condition.test(t.text()));
        return this;
    }

    /** Expects the next item to be a text message that matches the regular expression {@code regex} as a whole. */
    public WebSockTestClient expectTextMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        expect("text matching /" + regex + "/", r -> r instanceof Received.Text t && pattern.matcher(t.text()).matches());
        return this;
    }

    /** Expects the next item to be the binary message {@code expected} (compared byte by byte). */
    public WebSockTestClient expectBinary(byte[] expected) {
        Received.Binary want = new Received.Binary(expected);
        expect(want.describe(), r -> r.equals(want));
        return this;
    }

    /** Expects the next item to be a ping with payload {@code expected}. */
    public WebSockTestClient expectPing(byte[] expected) {
        Received.Ping want = new Received.Ping(expected);
        expect(want.describe(), r -> r.equals(want));
        return this;
    }

    /** Expects the next item to be a pong with payload {@code expected}. */
    public WebSockTestClient expectPong(byte[] expected) {
        Received.Pong want = new Received.Pong(expected);
        expect(want.describe(), r -> r.equals(want));
        return this;
    }

    /** Expects the next item to be the server's close frame with {@code code} and exactly {@code reason}. */
    public WebSockTestClient expectClose(int code, String reason) {
        Received.Close want = new Received.Close(code, reason);
        expect(want.describe(), r -> r.equals(want));
        return this;
    }

    /** Expects the next item to be the server's close frame with {@code code}, whatever its reason. */
    public WebSockTestClient expectClose(int code) {
        expect("close " + code, r -> r instanceof Received.Close c && c.code() == code);
        return this;
    }

    /**
     * Expects nothing (no message, ping, pong, close or failure) to arrive within {@code within}, nor to be
     * waiting untaken now.
     */
    public WebSockTestClient expectNoMessage(Duration within) {
        Objects.requireNonNull(within, "within must not be null");
        long deadline = System.nanoTime() + within.toNanos();
        lock.lock();
        try {
            while (taken == received.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return this;
                }
                arrived.awaitNanos(left);
            }
            Received unexpected = received.get(taken);
            throw new AssertionError(failure("expected no message within " + human(within) + ", but got "
                    + unexpected.describe(), taken++));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while expecting no message", e);
        } finally {
            lock.unlock();
        }
    }

    private Received expect(String expected, Predicate<Received> matches) {
        lock.lock();
        try {
            Received next = awaitNext("expected " + expected);
            if (!matches.test(next)) {
                throw new AssertionError(failure("expected " + expected + ", but got " + next.describe(), taken - 1));
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /**
     * The next item not yet taken, waiting up to the timeout.
     *
     * @throws AssertionError if nothing arrives in time, listing what came before
     */
    public Received next() {
        lock.lock();
        try {
            return awaitNext("expected a message");
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next item, which must be a text message; returns its text.
     *
     * @throws AssertionError if it is something else or nothing arrives in time
     */
    public String nextText() {
        return ((Received.Text) expect("a text message", r -> r instanceof Received.Text)).text();
    }

    /**
     * The next item, which must be a binary message; returns its bytes.
     *
     * @throws AssertionError if it is something else or nothing arrives in time
     */
    public byte[] nextBinary() {
        return ((Received.Binary) expect("a binary message", r -> r instanceof Received.Binary)).data();
    }

    /**
     * The next item, which must be the server's close frame.
     *
     * @throws AssertionError if it is something else or nothing arrives in time
     */
    public Received.Close nextClose() {
        return (Received.Close) expect("a close frame", r -> r instanceof Received.Close);
    }

    /** As {@link #awaitClose(Duration)} with the client's timeout. */
    public Received.Close awaitClose() {
        return awaitClose(timeout);
    }

    /**
     * Waits for the server's close frame, taking (skipping) whatever comes before it, and returns it.
     *
     * @throws AssertionError if the connection fails or no close frame arrives within {@code within}
     */
    public Received.Close awaitClose(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        lock.lock();
        try {
            while (true) {
                while (taken < received.size()) {
                    Received r = received.get(taken++);
                    if (r instanceof Received.Close close) {
                        return close;
                    }
                    if (r instanceof Received.Failure f) {
                        throw new AssertionError(failure("expected a close frame, but got " + f.describe(), taken - 1),
                                f.error());
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(failure("expected a close frame within " + human(within)
                            + ", but none arrived", null));
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the close frame", e);
        } finally {
            lock.unlock();
        }
    }

    /** Everything received so far, in arrival order, taken by an expectation or not. */
    public List<Received> received() {
        lock.lock();
        try {
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    /** What was received and not yet taken by an expectation or a {@code next…} call, in arrival order. */
    public List<Received> pending() {
        lock.lock();
        try {
            return List.copyOf(received.subList(taken, received.size()));
        } finally {
            lock.unlock();
        }
    }

    /** Whether the server's close frame arrived or the connection failed. */
    public boolean isClosed() {
        return closeFrame.isDone();
    }

    /** Completes with the server's close frame, or exceptionally when the connection fails without one. */
    public CompletableFuture<Received.Close> closeFrame() {
        return closeFrame.copy();
    }

    /**
     * Ends the connection: sends close 1000 unless a close was already sent, waits briefly (at most 1 s each)
     * for the send and the server's reply, then releases the socket. Never throws.
     */
    @Override
    public void close() {
        try {
            if (!ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
                closeFrame.get(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // closing anyway
        } finally {
            ws.abort();
        }
    }

    @Override
    public String toString() {
        return "WebSockTestClient[" + uri + "]";
    }

    /** Waits for and takes the next item; the caller holds the lock. */
    private Received awaitNext(String expected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (taken == received.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(failure(expected + " within " + human(timeout) + ", but "
                            + (received.isEmpty() ? "nothing arrived" : "nothing more arrived"), null));
                }
                arrived.awaitNanos(left);
            }
            return received.get(taken++);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting: " + expected, e);
        }
    }

    /** {@code headline}, then everything received, in order, with the item at {@code mark} pointed out. */
    private String failure(String headline, Integer mark) {
        lock.lock();
        try {
            StringBuilder s = new StringBuilder(headline).append(" (").append(uri).append(")\nreceived so far, in order:");
            if (received.isEmpty()) {
                s.append(" nothing");
            }
            for (int i = 0; i < received.size(); i++) {
                s.append('\n').append(mark != null && mark == i ? "  > " : "    ").append(i + 1).append(". ")
                        .append(received.get(i).describe());
            }
            return s.toString();
        } finally {
            lock.unlock();
        }
    }

    private void add(Received r) {
        lock.lock();
        try {
            received.add(r);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }

    private static Duration positive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    private static Duration defaultTimeout() {
        String value = System.getProperty("io.websock.test.timeout");
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(10);
        }
        try {
            return positive(Duration.parse(value.trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("system property io.websock.test.timeout must be a positive ISO-8601 "
                    + "duration such as PT30S, got \"" + value + "\"", e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder textParts = new StringBuilder();
        private final java.io.ByteArrayOutputStream binaryParts = new java.io.ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) {
                webSocket.request(Long.MAX_VALUE);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            textParts.append(data);
            if (last) {
                add(new Received.Text(textParts.toString()));
                textParts.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            binaryParts.writeBytes(bytes(data));
            if (last) {
                add(new Received.Binary(binaryParts.toByteArray()));
                binaryParts.reset();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            add(new Received.Ping(bytes(message)));
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            add(new Received.Pong(bytes(message)));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            Received.Close close = new Received.Close(statusCode, reason == null ? "" : reason);
            closeFrame.complete(close); // first: whoever sees the close item must see isClosed() too
            add(close);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeFrame.completeExceptionally(error);
            add(new Received.Failure(error));
        }

        private byte[] bytes(ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }
}
