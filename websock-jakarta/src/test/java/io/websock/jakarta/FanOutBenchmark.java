package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fan-out benchmark (a {@code main}, not a test): N clients subscribed to one topic, M publishes, time until
 * every client has all M messages — compared, on the same Tyrus server in the same run, with a raw loop
 * over {@code Session.getOpenSessions()} doing async sends. See {@code docs/benchmarks.md} ("Fan-out").
 *
 * <p>Arguments (all optional): {@code connections} (5000), {@code messages} (100), {@code rounds} (5),
 * {@code payloadBytes} (64). Per round it prints the time until every client has all messages and the
 * time the publishing thread spent in its loop.
 */
public final class FanOutBenchmark {

    private static final String TOPIC = "bench";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Subscribes in init; pushes every published Frame unchanged (pre-encoded once, shared by all). */
    static final class Subscriber implements WebSock<Connection> {
        final AtomicReference<WebSockServer> server = new AtomicReference<>();

        @Override
        public Result<Connection> init(Connection c) {
            server.get().topics().subscribe(c, TOPIC);
            return Result.ok(c);
        }

        @Override
        public Result<Connection> handleIn(Frame.Data frame, Connection c) {
            return Result.ok(c);
        }

        @Override
        public Result<Connection> handleInfo(Object message, Connection c) {
            return Result.push((Frame) message, c);
        }
    }

    /** The raw comparison: a plain Jakarta endpoint; the benchmark sends through its sessions directly. */
    public static final class Raw extends Endpoint {
        static final AtomicReference<Session> ANY = new AtomicReference<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            ANY.set(session);
        }
    }

    /** One client: counts whole text messages; every {@code messages} of them counts the round latch down. */
    static final class Client implements WebSocket.Listener {
        static volatile int messages;
        static volatile CountDownLatch round;
        static final AtomicInteger CLOSED = new AtomicInteger();
        private int count;
        WebSocket ws;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last && ++count % messages == 0) {
                round.countDown();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            CLOSED.incrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            CLOSED.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int payload = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        Client.messages = messages;
        String text = "x".repeat(payload);
        Frame shared = Frame.text(text);

        Subscriber subscriber = new Subscriber();
        // Heartbeats off on the WebSock side so both sides do the same work per connection between rounds.
        WebSockOptions options = WebSockOptions.builder().timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        try (TestServer server = TestServer.start(TestServer.Kind.TYRUS, (ws, c) -> {
            subscriber.server.set(ws);
            c.addEndpoint(ws.endpoint("/fanout", subscriber, options));
            c.addEndpoint(ServerEndpointConfig.Builder.create(Raw.class, "/raw").build());
        })) {
            WebSockServer websock = server.websock();
            System.out.printf("fan-out: %d connections, %d messages of %d bytes, %d rounds, %d cores, %s%n",
                    connections, messages, payload, rounds, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));

            // WebSock: topics.publish
            List<Client> clients = connect(server.uri("/fanout"), connections);
            awaitOrFail("every client subscribed", () -> websock.topics().subscribers(TOPIC) >= connections);
            List<long[]> webSockRuns = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                webSockRuns.add(round(connections, () -> {
                    for (int m = 0; m < messages; m++) {
                        websock.topics().publish(TOPIC, shared);
                    }
                }));
            }
            int webSockCloses = Client.CLOSED.get();
            closeAll(clients);
            awaitOrFail("every WebSock connection ended", () -> websock.connectionCount() == 0);
            Client.CLOSED.set(0);

            // Raw: a loop over getOpenSessions() with async sends, on the same server.
            clients = connect(server.uri("/raw"), connections);
            awaitOrFail("every raw session open",
                    () -> Raw.ANY.get() != null && Raw.ANY.get().getOpenSessions().size() >= connections);
            List<long[]> rawRuns = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                rawRuns.add(round(connections, () -> {
                    Session any = Raw.ANY.get();
                    for (int m = 0; m < messages; m++) {
                        for (Session s : any.getOpenSessions()) {
                            s.getAsyncRemote().sendText(text);
                        }
                    }
                }));
            }
            int rawCloses = Client.CLOSED.get();
            closeAll(clients);

            report("websock topics.publish", webSockRuns);
            report("raw getOpenSessions loop", rawRuns);
            System.out.printf("connections closed or failed during the rounds: websock %d, raw %d%n", webSockCloses, rawCloses);
        }
        System.exit(0);
    }

    /** Runs one round; returns {all-delivered ms, publisher-loop ms}. */
    private static long[] round(int connections, Runnable publish) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(connections);
        Client.round = done;
        long start = System.nanoTime();
        publish.run();
        long published = System.nanoTime();
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("round incomplete: " + done.getCount() + " clients still missing messages");
        }
        long end = System.nanoTime();
        return new long[]{(end - start) / 1_000_000, (published - start) / 1_000_000};
    }

    private static void report(String name, List<long[]> runs) {
        StringBuilder all = new StringBuilder();
        long[] delivered = runs.stream().mapToLong(r -> r[0]).sorted().toArray();
        long[] loop = runs.stream().mapToLong(r -> r[1]).sorted().toArray();
        for (long[] r : runs) {
            all.append(' ').append(r[0]).append('/').append(r[1]);
        }
        System.out.printf("%-26s all delivered: median %d ms, best %d ms; publisher loop: median %d ms"
                        + " (per round delivered/loop ms:%s)%n",
                name, delivered[delivered.length / 2], delivered[0], loop[loop.length / 2], all);
    }

    private static List<Client> connect(URI uri, int n) throws Exception {
        List<Client> clients = new ArrayList<>(n);
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Client c = new Client();
            clients.add(c);
            inFlight.acquire();
            pending.add(HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60)).buildAsync(uri, c)
                    .whenComplete((ws, e) -> {
                        c.ws = ws;
                        inFlight.release();
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        return clients;
    }

    private static void closeAll(List<Client> clients) {
        for (Client c : clients) {
            c.ws.abort();
        }
    }

    private FanOutBenchmark() {
    }

    /** Polls {@code condition} until it holds; gives up after two minutes so the benchmark always stops. */
    private static void awaitOrFail(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("fan-out benchmark: not reached within 2 minutes: " + what);
            }
            Thread.sleep(20);
        }
    }
}
