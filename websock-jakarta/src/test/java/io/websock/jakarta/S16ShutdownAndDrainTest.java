package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S16: stopping the server ends every connection with 1001 "server shutting down" and
 * {@code terminate(Shutdown)}; {@code drain} ends them with 1012 in batches and refuses newcomers with 1012.
 */
class S16ShutdownAndDrainTest {

    private static final int CONNECTIONS = 5;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S16 server stop closes every connection with 1001 \"server shutting down\" and terminate(Shutdown) once")
    void s16_serverStop(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s", handler, WebSockOptions.DEFAULTS)));
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                WsClient client = WsClient.connect(server.uri("/s"));
                clients.add(client);
                client.text("hello " + i);
                assertThat(client.nextText()).isEqualTo("hello " + i);
            }
            assertThat(handler.recorder.opened).hasSize(CONNECTIONS);
            WebSockServer websock = server.websock();
            assertThat(websock.connectionCount()).isEqualTo(CONNECTIONS);

            server.stop();

            for (WsClient client : clients) {
                assertThat(client.awaitClose(WsClient.WAIT)).isEqualTo(new WsClient.Close(1001, "server shutting down"));
            }
            for (String id : handler.recorder.opened.keySet()) {
                assertThat(handler.recorder.awaitTermination(id)).as("terminate of %s", id).isEqualTo(CloseReason.SHUTDOWN);
            }
            // Exactly once: nothing more arrives later (e.g. a Remote from the container's own teardown).
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                    handler.recorder.terminations.values().stream().allMatch(r -> r.size() == 1));
            assertThat(handler.recorder.callbacksAfterTerminate).hasValue(0);
            assertThat(websock.connectionCount()).isZero();
            assertThat(websock.pendingTimers()).isZero();
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S16 server stop while every connection streams frames: still 1001 and terminate(Shutdown) once")
    void s16_serverStopWhileStreaming(TestServer.Kind kind) throws Exception {
        // Each connection pushes 4 x 64 KiB every 2 ms from handleInfo, so sends are in flight at the stop.
        Scripted handler = new Scripted()
                .init(conn -> {
                    conn.send(conn);
                    return Result.ok(0);
                })
                .info((m, s) -> {
                    Connection conn = (Connection) m;
                    conn.sendAfter(conn, Duration.ofMillis(2));
                    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                    return Result.push(List.of(Frame.binary(chunk.duplicate()), Frame.binary(chunk.duplicate()),
                            Frame.binary(chunk.duplicate()), Frame.binary(chunk.duplicate())), s);
                });
        WebSockOptions options = WebSockOptions.builder().outboundBufferLimit(256L * 1024 * 1024).build();
        TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s", handler, options)));
        // Socket-level readers check every frame's integrity byte for byte while the stop cuts into the
        // stream. (The JDK 25 client mis-parses Tyrus' stream here although the bytes are well-formed —
        // see docs/decisions.md — so this test reads the wire itself.)
        List<RawClient> clients = new ArrayList<>();
        List<CompletableFuture<RawClient.Frame>> closes = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawClient client = RawClient.connect(server.uri("/s"));
                clients.add(client);
                RawClient.Frame first = client.read();
                assertThat(first.opcode()).isEqualTo(RawClient.BINARY);
                assertThat(first.payload()).hasSize(64 * 1024);
                closes.add(CompletableFuture.supplyAsync(() -> readDataUntilClose(client)));
            }
            WebSockServer websock = server.websock();

            server.stop();

            for (CompletableFuture<RawClient.Frame> close : closes) {
                RawClient.Frame frame = close.get(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(frame.closeCode()).isEqualTo(1001);
                assertThat(new String(frame.payload(), 2, frame.payload().length - 2, java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("server shutting down");
            }
            for (String id : handler.recorder.opened.keySet()) {
                assertThat(handler.recorder.awaitTermination(id)).as("terminate of %s", id).isEqualTo(CloseReason.SHUTDOWN);
            }
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                    handler.recorder.terminations.values().stream().allMatch(r -> r.size() == 1));
            assertThat(handler.recorder.callbacksAfterTerminate).hasValue(0);
            assertThat(handler.recorder.overlaps).hasValue(0);
            assertThat(websock.connectionCount()).isZero();
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    /** Every frame before the close must be an intact 64 KiB binary message; returns the close frame. */
    private static RawClient.Frame readDataUntilClose(RawClient client) {
        try {
            while (true) {
                RawClient.Frame f = client.read();
                if (f.opcode() == RawClient.CLOSE) {
                    return f;
                }
                if (f.opcode() != RawClient.BINARY || !f.fin() || f.payload().length != 64 * 1024) {
                    throw new AssertionError("corrupt frame before the close: opcode " + f.opcode() + " fin " + f.fin()
                            + " length " + f.payload().length);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S16 server stop with a client that stopped reading: terminate(Shutdown) once, stop bounded by sendTimeout")
    void s16_serverStopWithStuckClient(TestServer.Kind kind) throws Exception {
        Duration sendTimeout = Duration.ofSeconds(1);
        // A frame far larger than the socket buffers: its send stays in flight while the client does not read.
        Scripted handler = new Scripted().init(conn -> Result.push(Frame.binary(new byte[32 * 1024 * 1024]), 0));
        WebSockOptions options = WebSockOptions.builder().sendTimeout(sendTimeout)
                .outboundBufferLimit(64L * 1024 * 1024).build();
        TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/stuck", handler, options)));
        try (WsClient stuck = WsClient.connectNotReading(server.uri("/stuck"))) {
            String id = handler.recorder.onlyConnection();
            WebSockServer websock = server.websock();

            long t0 = System.nanoTime();
            server.stop();
            Duration stopTook = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(CloseReason.SHUTDOWN);
            // The close frame cannot pass the stuck send: the writer gives up after sendTimeout (and the
            // container's blocking close after as long again) instead of holding the stop for its full wait.
            assertThat(stopTook).isLessThan(sendTimeout.multipliedBy(2).plusSeconds(3));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
                    handler.recorder.terminations.get(id).size() == 1 && handler.recorder.callbacksAfterTerminate.get() == 0);
            assertThat(websock.connectionCount()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S16 drain closes every connection with 1012 and terminate(Shutdown), in batches, and refuses new ones with 1012")
    void s16_drainInBatches(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        Duration interval = Duration.ofSeconds(1);
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/d", handler, WebSockOptions.DEFAULTS)))) {
            List<WsClient> clients = new ArrayList<>();
            List<CompletableFuture<Long>> closedAt = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    WsClient client = WsClient.connect(server.uri("/d"));
                    clients.add(client);
                    closedAt.add(client.closed.thenApply(c -> System.nanoTime()));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> handler.recorder.opened.size() == CONNECTIONS);
                WebSockServer websock = server.websock();

                long t0 = System.nanoTime();
                CompletableFuture<Void> drained = websock.drain(2, interval);

                // During the drain (first batch closed, later ones pending) a newcomer is refused with 1012.
                await().atMost(Duration.ofSeconds(5)).until(() -> closedAt.stream().filter(CompletableFuture::isDone).count() >= 2);
                try (WsClient late = WsClient.connect(server.uri("/d"))) {
                    assertThat(late.awaitClose(WsClient.WAIT)).isEqualTo(new WsClient.Close(1012, "service restart"));
                }

                drained.get(10, TimeUnit.SECONDS);
                for (WsClient client : clients) {
                    assertThat(client.awaitClose(WsClient.WAIT)).isEqualTo(new WsClient.Close(1012, "service restart"));
                }
                for (String id : handler.recorder.opened.keySet()) {
                    assertThat(handler.recorder.awaitTermination(id)).as("terminate of %s", id).isEqualTo(CloseReason.SHUTDOWN);
                }

                // Batches of 2 every second: closes at ~0 s, 0 s, 1 s, 1 s, 2 s after the drain call.
                List<Long> offsets = new ArrayList<>();
                for (CompletableFuture<Long> at : closedAt) {
                    offsets.add(TimeUnit.NANOSECONDS.toMillis(at.get(1, TimeUnit.SECONDS) - t0));
                }
                offsets.sort(null);
                assertThat(offsets.subList(0, 2)).as("first batch, closed at once (ms): %s", offsets)
                        .allMatch(ms -> ms < interval.toMillis());
                assertThat(offsets.subList(2, 4)).as("second batch (ms): %s", offsets)
                        .allMatch(ms -> ms >= interval.toMillis());
                assertThat(offsets.get(4)).as("third batch (ms): %s", offsets).isGreaterThanOrEqualTo(2 * interval.toMillis());

                // After the drain too: refused with 1012, and init never ran for the refused connections.
                try (WsClient late = WsClient.connect(server.uri("/d"))) {
                    assertThat(late.awaitClose(WsClient.WAIT)).isEqualTo(new WsClient.Close(1012, "service restart"));
                }
                assertThat(handler.recorder.opened).hasSize(CONNECTIONS);
                assertThat(websock.connectionCount()).isZero();
                assertThat(handler.recorder.callbacksAfterTerminate).hasValue(0);
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }
}
