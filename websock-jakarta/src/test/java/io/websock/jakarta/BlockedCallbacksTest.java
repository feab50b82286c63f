package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §2.4: a callback that blocks costs one thread, never the progress of other connections. Ten
 * connections whose {@code handleInfo} blocks (as JDBC or a REST call would) must not delay the
 * {@code sendAfter} pushes of fifty healthy connections, nor the auto-pings and idle-timeout decisions of
 * an idle client that answers pings — on JDK 17 (platform threads: the default executor must grow) as on
 * JDK 21+ (virtual threads). The build runs this class on both.
 */
class BlockedCallbacksTest {

    static final int BLOCKED = 10;
    static final int HEALTHY = 50;
    static final Duration PUSH_EVERY = Duration.ofMillis(100);
    /** How long the blocked callbacks are held while the healthy ones are watched. */
    static final Duration EPISODE = Duration.ofSeconds(4);
    /** The largest gap a healthy connection may see between two pushes during the episode. */
    static final Duration MAX_GAP = Duration.ofMillis(500);
    static final WebSockOptions IDLE = WebSockOptions.builder()
            .timeout(Duration.ofSeconds(1)).pingInterval(Duration.ofMillis(300)).build();

    /** A client that records when each text message arrives (the JDK client; it answers pings by itself). */
    static final class TimedClient implements WebSocket.Listener {
        final List<Long> arrivals = new ArrayList<>();
        final WebSocket ws;

        TimedClient(HttpClient http, java.net.URI uri) {
            ws = http.newWebSocketBuilder().connectTimeout(WsClient.WAIT).buildAsync(uri, this)
                    .orTimeout(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            synchronized (arrivals) {
                arrivals.add(System.nanoTime());
            }
            return null;
        }

        int count() {
            synchronized (arrivals) {
                return arrivals.size();
            }
        }

        /** The longest time in [from, to] without an arrival (the window's ends count as points). */
        long largestGap(long from, long to) {
            long previous = from;
            long largest = 0;
            synchronized (arrivals) {
                for (long at : arrivals) {
                    if (at <= from) {
                        continue;
                    }
                    if (at > to) {
                        break;
                    }
                    largest = Math.max(largest, at - previous);
                    previous = at;
                }
            }
            return Math.max(largest, to - previous);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("§2.4 ten blocked handleInfo callbacks: fifty healthy connections keep their 100 ms pushes (gap < 0.5 s), an idle ping-answering client is pinged and never timed out")
    void blockedCallbacksDoNotStallOthers(TestServer.Kind kind) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        Scripted pushing = new Scripted()
                .init(c -> {
                    c.sendAfter(c, PUSH_EVERY);
                    return Result.ok(0);
                })
                .info((m, s) -> {
                    if ("block".equals(m)) {
                        inside.incrementAndGet();
                        try {
                            release.await(5, TimeUnit.SECONDS); // a slow JDBC call or REST request
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Result.ok(s);
                    }
                    Connection c = (Connection) m;
                    c.sendAfter(c, PUSH_EVERY);
                    return Result.push(Frame.text("tick"), s);
                });
        Scripted idle = new Scripted();
        HttpClient http = HttpClient.newHttpClient();
        List<TimedClient> clients = new ArrayList<>();
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/push", pushing, WebSockOptions.DEFAULTS));
            c.addEndpoint(ws.endpoint("/idle", idle, IDLE));
        })) {
            for (int i = 0; i < BLOCKED + HEALTHY; i++) {
                clients.add(new TimedClient(http, server.uri("/push?k=" + i)));
            }
            List<TimedClient> healthy = clients.subList(BLOCKED, clients.size());
            await().atMost(Duration.ofSeconds(20)).until(() -> clients.stream().allMatch(c -> c.count() >= 3));
            List<Connection> toBlock = pushing.recorder.opened.values().stream()
                    .filter(c -> Integer.parseInt(c.handshake().queryParameter("k")) < BLOCKED).toList();
            assertThat(toBlock).hasSize(BLOCKED);

            try (WsClient idleClient = WsClient.connect(server.uri("/idle"))) {
                String idleId = idle.recorder.onlyConnection();
                long from = System.nanoTime();
                toBlock.forEach(c -> c.send("block"));

                long pingsBefore = idleClient.received.stream().filter(r -> r instanceof WsClient.Ping).count();
                await().pollDelay(Duration.ZERO).during(EPISODE).atMost(EPISODE.plusSeconds(2))
                        .until(() -> !idleClient.closed.isDone() && idle.recorder.terminations.isEmpty());
                long to = System.nanoTime();
                long pings = idleClient.received.stream().filter(r -> r instanceof WsClient.Ping).count() - pingsBefore;
                long worst = healthy.stream().mapToLong(c -> c.largestGap(from, to)).max().orElseThrow();

                System.out.printf("%s: largest gap %d ms over %d healthy connections, %d pings to the idle client, %d callbacks blocked%n",
                        kind, TimeUnit.NANOSECONDS.toMillis(worst), HEALTHY, pings, inside.get());
                SoftAssertions soft = new SoftAssertions();
                soft.assertThat(Duration.ofNanos(worst)).as("largest gap between pushes on a healthy connection")
                        .isLessThan(MAX_GAP);
                soft.assertThat(pings).as("auto-pings (every 300 ms) the idle client got during the 4 s episode")
                        .isGreaterThanOrEqualTo(5);
                soft.assertThat(idle.recorder.terminations).as("idle client ended: " + idleId).isEmpty();
                soft.assertThat(inside).as("callbacks blocked at once, each on a thread of its own").hasValue(BLOCKED);
                soft.assertAll();
            } finally {
                release.countDown();
            }
        } finally {
            release.countDown();
            clients.forEach(c -> c.ws.abort());
        }
    }
}
