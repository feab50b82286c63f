package io.websock.jakarta;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.websock.CloseDetail;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSockOptions;
import io.websock.micrometer.WebSockMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every meter of {@link WebSockMetrics}, read from a real {@link SimpleMeterRegistry} and a Prometheus registry's
 * scrape after real connections through embedded Tomcat: opens, each way a connection ends (normal, remote,
 * error, timeout, mailbox overflow, slow consumer, shutdown), exact message and byte counts, callback timers,
 * blocked callbacks and refused upgrades. One Tomcat serves the class; each test uses its own path template,
 * so its meters start at zero.
 */
class MicrometerMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SimpleMeterRegistry simple = new SimpleMeterRegistry();
    private static final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final CountDownLatch releaseBlocked = new CountDownLatch(1);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        CompositeMeterRegistry both = new CompositeMeterRegistry();
        both.add(simple);
        both.add(prometheus);
        WebSockMetrics metrics = new WebSockMetrics();
        metrics.bindTo(both);
        server = TestServer.start(TestServer.Kind.TOMCAT, (ws, c) -> {
            ws.events(metrics);
            // Echo; "bye" stops normally, "boom" throws, "flood" is more than the outbound limit lets wait.
            var echo = new Scripted().in((f, s) -> {
                if (f instanceof Frame.Text t && t.text().equals("bye")) {
                    return Result.stop(StopReason.NORMAL, s);
                }
                if (f instanceof Frame.Text t && t.text().equals("boom")) {
                    throw new IllegalStateException("boom");
                }
                return Result.push(f, s);
            });
            c.addEndpoint(ws.endpoint("/echo/{room}", echo, WebSockOptions.DEFAULTS));
            c.addEndpoint(ws.endpoint("/remote", echo, WebSockOptions.DEFAULTS));
            c.addEndpoint(ws.endpoint("/error", echo, WebSockOptions.DEFAULTS));
            c.addEndpoint(ws.endpoint("/idle", new Scripted(),
                    WebSockOptions.builder().timeout(Duration.ofMillis(300)).pingInterval(Duration.ZERO).build()));
            var flood = new Scripted().in((f, s) -> Result.push(List.of(Frame.binary(new byte[4000]),
                    Frame.binary(new byte[4000]), Frame.binary(new byte[4000])), s));
            c.addEndpoint(ws.endpoint("/slow", flood, WebSockOptions.builder().outboundBufferLimit(1000).build()));
            // handleIn queues 5 info messages to its own connection while it runs: the 3rd overflows a limit of 2.
            var fill = new Scripted().init(conn -> Result.ok(conn)).in((f, s) -> {
                for (int i = 0; i < 5; i++) {
                    ((Connection) s).send("m" + i);
                }
                return Result.ok(s);
            });
            c.addEndpoint(ws.endpoint("/mailbox", fill, WebSockOptions.builder().mailboxLimit(2).build()));
            var block = new Scripted().in((f, s) -> {
                try {
                    releaseBlocked.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Result.stop(StopReason.NORMAL, CloseDetail.of(4001, "done"), s);
            });
            c.addEndpoint(ws.endpoint("/blocked", block,
                    WebSockOptions.builder().blockedWarning(Duration.ofMillis(100)).build()));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        releaseBlocked.countDown();
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("normal close: opened, open gauge, exact text/binary message and byte counts both ways, callback timers, closed{1000,normal}")
    void normal() throws Exception {
        try (WsClient client = WsClient.connect(server.uri("/echo/lobby"))) {
            await().atMost(WAIT).until(() -> gauge("/echo/{room}", "websock.connections.open") == 1.0);
            assertThat(counter("websock.connections.opened", "/echo/{room}")).isEqualTo(1.0);
            client.text("héllo"); // 6 UTF-8 bytes
            assertThat(client.nextText()).isEqualTo("héllo");
            client.binary(new byte[]{1, 2, 3});
            assertThat(client.nextBinary()).containsExactly(1, 2, 3);
            client.text("bye");
            assertThat(client.awaitClose(WAIT)).isEqualTo(new WsClient.Close(1000, ""));
        }
        await().atMost(WAIT).until(() -> counter("websock.connections.closed", "/echo/{room}", "code", "1000", "reason", "normal") == 1.0);
        assertThat(gauge("/echo/{room}", "websock.connections.open")).isZero();
        assertThat(counter("websock.messages", "/echo/{room}", "direction", "in", "type", "text")).isEqualTo(2.0);
        assertThat(counter("websock.messages.bytes", "/echo/{room}", "direction", "in", "type", "text")).isEqualTo(9.0);
        assertThat(counter("websock.messages", "/echo/{room}", "direction", "in", "type", "binary")).isEqualTo(1.0);
        assertThat(counter("websock.messages.bytes", "/echo/{room}", "direction", "in", "type", "binary")).isEqualTo(3.0);
        assertThat(counter("websock.messages", "/echo/{room}", "direction", "out", "type", "text")).isEqualTo(1.0);
        assertThat(counter("websock.messages.bytes", "/echo/{room}", "direction", "out", "type", "text")).isEqualTo(6.0);
        assertThat(counter("websock.messages", "/echo/{room}", "direction", "out", "type", "binary")).isEqualTo(1.0);
        assertThat(counter("websock.messages.bytes", "/echo/{room}", "direction", "out", "type", "binary")).isEqualTo(3.0);
        assertThat(simple.get("websock.callback.duration").tags("path", "/echo/{room}", "callback", "handleIn").timer().count()).isEqualTo(3);
        assertThat(simple.get("websock.callback.duration").tags("path", "/echo/{room}", "callback", "init").timer().count()).isEqualTo(1);
        assertThat(simple.get("websock.callback.duration").tags("path", "/echo/{room}", "callback", "terminate").timer().count()).isEqualTo(1);
        assertThat(simple.get("websock.connection.duration").tags("path", "/echo/{room}").timer().count()).isEqualTo(1);

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("websock_connections_open{path=\"/echo/{room}\"} 0");
        assertThat(scrape).contains("websock_connections_opened_total{path=\"/echo/{room}\"} 1");
        assertThat(scrape).contains("websock_connections_closed_total{code=\"1000\",path=\"/echo/{room}\",reason=\"normal\"} 1");
        assertThat(scrape).contains("websock_messages_total{direction=\"in\",path=\"/echo/{room}\",type=\"text\"} 2");
        assertThat(scrape).contains("websock_messages_bytes_total{direction=\"out\",path=\"/echo/{room}\",type=\"text\"} 6");
        assertThat(scrape).contains("websock_callback_duration_seconds_bucket{callback=\"handleIn\",path=\"/echo/{room}\",le=\"+Inf\"} 3");
        assertThat(scrape).doesNotContain("/echo/lobby");
    }

    @Test
    @DisplayName("remote close: closed{4000,remote}")
    void remote() {
        try (WsClient client = WsClient.connect(server.uri("/remote"))) {
            client.sendClose(4000, "client leaves");
            client.awaitClose(WAIT);
        }
        await().atMost(WAIT).until(() -> counter("websock.connections.closed", "/remote", "code", "4000", "reason", "remote") == 1.0);
        assertThat(gauge("/remote", "websock.connections.open")).isZero();
    }

    @Test
    @DisplayName("callback threw: closed{1011,error}")
    void error() {
        try (WsClient client = WsClient.connect(server.uri("/error"))) {
            client.text("boom");
            assertThat(client.awaitClose(WAIT).code()).isEqualTo(1011);
        }
        await().atMost(WAIT).until(() -> counter("websock.connections.closed", "/error", "code", "1011", "reason", "error") == 1.0);
    }

    @Test
    @DisplayName("idle timeout: closed{1000,timeout}")
    void timeout() {
        try (WsClient client = WsClient.connect(server.uri("/idle"))) {
            assertThat(client.awaitClose(WAIT)).isEqualTo(new WsClient.Close(1000, "idle timeout"));
        }
        await().atMost(WAIT).until(() -> counter("websock.connections.closed", "/idle", "code", "1000", "reason", "timeout") == 1.0);
    }

    @Test
    @DisplayName("slow consumer: websock.slow.consumers 1, closed{1008,slow_consumer}")
    void slowConsumer() {
        try (WsClient client = WsClient.connect(server.uri("/slow"))) {
            client.text("flood");
            client.awaitClose(WAIT);
        }
        await().atMost(WAIT).until(() -> counter("websock.connections.closed", "/slow", "code", "1008", "reason", "slow_consumer") == 1.0);
        assertThat(counter("websock.slow.consumers", "/slow")).isEqualTo(1.0);
        assertThat(counter("websock.mailbox.overflows", "/slow")).isZero();
    }

    @Test
    @DisplayName("mailbox overflow: websock.mailbox.overflows 1, closed{1013,mailbox_overflow}, mailbox depth max 2")
    void overflow() {
        try (WsClient client = WsClient.connect(server.uri("/mailbox"))) {
            client.text("fill");
            assertThat(client.awaitClose(WAIT)).isEqualTo(new WsClient.Close(1013, "mailbox overflow"));
        }
        await().atMost(WAIT).until(() -> counter("websock.connections.closed", "/mailbox", "code", "1013", "reason", "mailbox_overflow") == 1.0);
        assertThat(counter("websock.mailbox.overflows", "/mailbox")).isEqualTo(1.0);
        var depth = simple.get("websock.mailbox.depth").tags("path", "/mailbox").summary();
        assertThat(depth.count()).isEqualTo(2);
        assertThat(depth.max()).isEqualTo(2.0);
    }

    @Test
    @DisplayName("blocked callback: websock.callbacks.blocked{handleIn} once while it runs past blockedWarning")
    void blocked() {
        try (WsClient client = WsClient.connect(server.uri("/blocked"))) {
            client.text("block");
            await().atMost(WAIT).until(() -> counter("websock.callbacks.blocked", "/blocked", "callback", "handleIn") == 1.0);
            releaseBlocked.countDown();
            assertThat(client.awaitClose(WAIT)).isEqualTo(new WsClient.Close(4001, "done"));
        }
        await().atMost(WAIT).until(() -> counter("websock.connections.closed", "/blocked", "code", "4001", "reason", "normal") == 1.0);
        assertThat(counter("websock.callbacks.blocked", "/blocked", "callback", "handleIn")).isEqualTo(1.0);
    }

    @Test
    @DisplayName("refused upgrades: websock.upgrades.refused{400,validation} and {403,origin}")
    void refused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/echo/x");
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        try (RawUpgrade raw = RawUpgrade.get(server.port(), "/echo/x", "Origin: http://evil.example")) {
            assertThat(raw.status).isEqualTo(403);
        }
        assertThat(counter("websock.upgrades.refused", "/echo/{room}", "status", "400", "check", "validation")).isEqualTo(1.0);
        assertThat(counter("websock.upgrades.refused", "/echo/{room}", "status", "403", "check", "origin")).isEqualTo(1.0);
        assertThat(prometheus.scrape()).contains(
                "websock_upgrades_refused_total{check=\"origin\",path=\"/echo/{room}\",status=\"403\"} 1");
    }

    @Test
    @DisplayName("refused inside a bare JSR-356 handshake (Tyrus standalone): counted with the policy's status {403,origin}; the peer gets 1008")
    void refusedWithoutServletLayer() throws Exception {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        WebSockMetrics metrics = new WebSockMetrics();
        metrics.bindTo(own);
        try (TestServer tyrus = TestServer.start(TestServer.Kind.TYRUS, (ws, c) -> {
            ws.events(metrics);
            c.addEndpoint(ws.endpoint("/t/{x}", new Scripted(), WebSockOptions.DEFAULTS));
        }); RawUpgrade raw = RawUpgrade.get(tyrus.port(), "/t/1", "Origin: http://evil.example")) {
            assertThat(raw.read().closeCode()).isEqualTo(1008);
            assertThat(own.get("websock.upgrades.refused").tags("path", "/t/{x}", "status", "403", "check", "origin")
                    .counter().count()).isEqualTo(1.0);
            assertThat(own.find("websock.connections.opened").counter()).as("a refused upgrade opens no connection").isNull();
        }
    }

    @Test
    @DisplayName("server shutdown: closed{1001,shutdown} for every open connection, open gauge back to 0")
    void shutdown() throws Exception {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        WebSockMetrics metrics = new WebSockMetrics();
        metrics.bindTo(own);
        TestServer stopping = TestServer.start(TestServer.Kind.TOMCAT, (ws, c) -> {
            ws.events(metrics);
            c.addEndpoint(ws.endpoint("/s", new Scripted(), WebSockOptions.DEFAULTS));
        });
        WsClient a = WsClient.connect(stopping.uri("/s"));
        WsClient b = WsClient.connect(stopping.uri("/s"));
        await().atMost(WAIT).until(() -> own.get("websock.connections.open").gauge().value() == 2.0);
        stopping.close();
        assertThat(a.awaitClose(WAIT).code()).isEqualTo(1001);
        assertThat(b.awaitClose(WAIT).code()).isEqualTo(1001);
        assertThat(own.get("websock.connections.closed").tags("path", "/s", "code", "1001", "reason", "shutdown").counter().count())
                .isEqualTo(2.0);
        assertThat(own.get("websock.connections.open").gauge().value()).isZero();
        a.close();
        b.close();
    }

    private static double counter(String name, String path, String... tags) {
        Counter c = simple.find(name).tag("path", path).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private static double gauge(String path, String name) {
        var g = simple.find(name).tag("path", path).gauge();
        return g == null ? -1 : g.value();
    }
}
