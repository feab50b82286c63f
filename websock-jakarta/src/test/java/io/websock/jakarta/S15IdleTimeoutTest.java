package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S15: only inbound traffic (data frames, pongs) keeps a connection alive. An idle client is closed
 * at {@code timeout} with 1000 "idle timeout" and {@code terminate(Timeout)}, even while the server
 * keeps pushing; a client that answers the bridge's auto-pings stays connected; one that does not is reaped.
 */
class S15IdleTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private static final WebSockOptions IDLE_ONLY = WebSockOptions.builder()
            .timeout(TIMEOUT).pingInterval(Duration.ZERO).build();
    private static final Duration PING_TIMEOUT = Duration.ofMillis(600);
    private static final WebSockOptions AUTO_PING = WebSockOptions.builder()
            .timeout(PING_TIMEOUT).pingInterval(Duration.ofMillis(150)).build();
    /** Slack for "at timeout": scheduling on a busy 2-core machine, not a design allowance. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S15 an idle client is closed at timeout with 1000 \"idle timeout\" and terminate(Timeout)")
    void s15_idleClientTimesOut(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/idle", handler, IDLE_ONLY)))) {
            long t0 = System.nanoTime();
            try (WsClient client = WsClient.connect(server.uri("/idle"))) {
                WsClient.Close close = client.awaitClose(WsClient.WAIT);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

                assertThat(close).isEqualTo(new WsClient.Close(1000, "idle timeout"));
                assertThat(elapsed).isBetween(TIMEOUT, TIMEOUT.plus(SLACK));
                assertThat(client.received).as("no ping with pingInterval 0").noneMatch(r -> r instanceof WsClient.Ping);
                String id = handler.recorder.onlyConnection();
                assertThat(handler.recorder.awaitTermination(id)).isEqualTo(CloseReason.TIMEOUT);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S15 outbound pushes do not keep an idle connection alive")
    void s15_outboundDoesNotKeepAlive(TestServer.Kind kind) throws Exception {
        // The server pushes a frame every 100 ms from handleInfo, re-arming itself with sendAfter.
        Scripted handler = new Scripted()
                .init(conn -> {
                    conn.sendAfter(conn, Duration.ofMillis(100));
                    return Result.ok(0);
                })
                .info((m, s) -> {
                    Connection conn = (Connection) m;
                    conn.sendAfter(conn, Duration.ofMillis(100));
                    int n = (Integer) s + 1;
                    return Result.push(Frame.text("tick " + n), n);
                });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/push", handler, IDLE_ONLY)))) {
            long t0 = System.nanoTime();
            try (WsClient client = WsClient.connect(server.uri("/push"))) {
                WsClient.Close close = client.awaitClose(WsClient.WAIT);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

                assertThat(close).isEqualTo(new WsClient.Close(1000, "idle timeout"));
                assertThat(elapsed).isBetween(TIMEOUT, TIMEOUT.plus(SLACK));
                assertThat(client.received.stream().filter(r -> r instanceof WsClient.Text).count())
                        .as("pushes received before the idle close").isGreaterThanOrEqualTo(3);
                String id = handler.recorder.onlyConnection();
                assertThat(handler.recorder.awaitTermination(id)).isEqualTo(CloseReason.TIMEOUT);
                // The self re-arming timer dies with the connection.
                await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().pendingTimers() == 0);
                assertThat(handler.recorder.callbacksAfterTerminate).hasValue(0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S15 inbound data keeps the connection alive past several timeouts; silence then times it out")
    void s15_inboundKeepsAlive(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted().in((f, s) -> Result.ok(s)); // no echo: only inbound traffic
        ScheduledExecutorService chatter = Executors.newSingleThreadScheduledExecutor();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/in", handler, IDLE_ONLY)));
             WsClient client = WsClient.connect(server.uri("/in"))) {
            String id = handler.recorder.onlyConnection();
            Connection conn = handler.recorder.opened.get(id);
            chatter.scheduleAtFixedRate(() -> client.text("hi"), 0, 150, TimeUnit.MILLISECONDS);

            await().during(Duration.ofMillis(TIMEOUT.toMillis() * 3)).atMost(Duration.ofSeconds(4))
                    .until(() -> conn.isOpen() && !client.closed.isDone());
            assertThat(handler.recorder.events.get(id)).filteredOn("in"::equals).hasSizeGreaterThanOrEqualTo(5);

            chatter.shutdownNow();
            assertThat(chatter.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.awaitClose(WsClient.WAIT)).isEqualTo(new WsClient.Close(1000, "idle timeout"));
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(CloseReason.TIMEOUT);
        } finally {
            chatter.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S15 a client answering auto-pings stays up past several timeouts; its pongs reach handleControl")
    void s15_autoPingKeepsAlive(TestServer.Kind kind) throws Exception {
        List<Frame.Control> controls = new CopyOnWriteArrayList<>();
        Scripted handler = new Scripted().control((f, s) -> {
            controls.add(f);
            return Result.ok(s);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/ping", handler, AUTO_PING)));
             WsClient client = WsClient.connect(server.uri("/ping"))) {
            String id = handler.recorder.onlyConnection();
            Connection conn = handler.recorder.opened.get(id);

            // The JDK client answers each ping with a pong by itself.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> conn.isOpen() && !client.closed.isDone());

            long pings = client.received.stream().filter(r -> r instanceof WsClient.Ping).count();
            assertThat(pings).as("pings the client saw in 2 s at a 150 ms interval").isGreaterThanOrEqualTo(3);
            assertThat(controls).as("pongs delivered to handleControl").hasSizeGreaterThanOrEqualTo(3)
                    .allMatch(f -> f instanceof Frame.Pong);
            assertThat(handler.recorder.terminations).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S15 a client that never answers pings is reaped at timeout")
    void s15_silentPeerReaped(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/ping", handler, AUTO_PING)))) {
            long t0 = System.nanoTime();
            try (RawClient raw = RawClient.connect(server.uri("/ping"))) {
                int pings = 0;
                RawClient.Frame frame;
                while ((frame = raw.read()).opcode() != RawClient.CLOSE) {
                    assertThat(frame.opcode()).as("only pings before the close").isEqualTo(RawClient.PING);
                    pings++;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

                assertThat(frame.closeCode()).isEqualTo(1000);
                assertThat(new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8))
                        .isEqualTo("idle timeout");
                assertThat(pings).as("pings sent before the reap").isGreaterThanOrEqualTo(1);
                assertThat(elapsed).isBetween(PING_TIMEOUT, PING_TIMEOUT.plus(SLACK));
                String id = handler.recorder.onlyConnection();
                assertThat(handler.recorder.awaitTermination(id)).isEqualTo(CloseReason.TIMEOUT);
            }
        }
    }
}
