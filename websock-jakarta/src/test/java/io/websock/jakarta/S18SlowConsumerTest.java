package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Fault;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading must not hold the server: its connection ends as a slow consumer,
 * through whichever bound it hits first, while other connections keep flowing and memory stays bounded.
 */
class S18SlowConsumerTest {

    private static final int CHUNK = 64 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(CHUNK).asReadOnlyBuffer();

    /** Pushes a 64 KiB frame every millisecond for as long as the connection lives. */
    private static Scripted firehose(AtomicReference<Connection> connection) {
        return new Scripted()
                .init(c -> {
                    connection.set(c);
                    c.send("pump");
                    return Result.ok(0);
                })
                .info((m, s) -> {
                    connection.get().sendAfter("pump", Duration.ofMillis(1));
                    return Result.push(Frame.binary(ZEROS), s); // one shared immutable frame payload
                });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S18 a client that stops reading hits outboundBufferLimit → terminate(Error(SLOW_CONSUMER)); others keep flowing")
    void s18_byteLimit(TestServer.Kind kind) throws Exception {
        long limit = 256 * 1024;
        WebSockOptions options = WebSockOptions.builder().outboundBufferLimit(limit)
                .sendTimeout(Duration.ofSeconds(30)).build(); // so only the byte limit can end it
        AtomicReference<Connection> slow = new AtomicReference<>();
        Scripted hose = firehose(slow);
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
                 c.addEndpoint(ws.endpoint("/hose", hose, options));
                 c.addEndpoint(ws.endpoint("/echo", echo));
             });
             WsClient healthy = WsClient.connect(server.uri("/echo"));
             WsClient stuck = WsClient.connectNotReading(server.uri("/hose"))) {
            String id = hose.recorder.onlyConnection();
            long started = System.nanoTime();
            while (!hose.recorder.terminations.containsKey(id)) { // round trips while the slow one backs up
                healthy.text("during");
                assertThat(healthy.nextText()).isEqualTo("during");
                assertThat(System.nanoTime() - started).as("slow consumer not detected in time")
                        .isLessThan(Duration.ofSeconds(10).toNanos());
            }
            assertThat(hose.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.SLOW_CONSUMER));
            long peak = ((ConnectionProcess<?>) slow.get()).peakOutboundBytes();
            assertThat(peak).as("bytes ever waiting").isLessThanOrEqualTo(limit + CHUNK);
            healthy.text("after");
            assertThat(healthy.nextText()).isEqualTo("after");
            assertThat(slow.get().send("late")).isFalse();
            stuck.resumeReading(); // queued frames were dropped; only what was in flight is still on its way
            WsClient.Received last;
            do {
                last = stuck.next();
            } while (last instanceof WsClient.Binary);
            // Reading again before the container gives up on the stuck send, the client gets what was
            // already in flight, then the close frame.
            assertThat(last).isEqualTo(new WsClient.Close(1008, "slow consumer"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S18 a send stuck for sendTimeout → terminate(Error(SLOW_CONSUMER)) within sendTimeout, found by the timer")
    void s18_sendTimeout(TestServer.Kind kind) throws Exception {
        Duration sendTimeout = Duration.ofSeconds(1);
        WebSockOptions options = WebSockOptions.builder().outboundBufferLimit(256L * 1024 * 1024)
                .sendTimeout(sendTimeout).build(); // the limit is never reached: only the timer can end it
        AtomicLong pushedAt = new AtomicLong();
        // One frame far larger than the socket buffers, then silence: no later send would notice the stall.
        Scripted handler = new Scripted().init(c -> {
            pushedAt.set(System.nanoTime());
            return Result.push(Frame.binary(ByteBuffer.allocate(32 * 1024 * 1024)), 0);
        });
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
                 c.addEndpoint(ws.endpoint("/big", handler, options));
                 c.addEndpoint(ws.endpoint("/echo", echo));
             });
             WsClient healthy = WsClient.connect(server.uri("/echo"));
             WsClient stuck = WsClient.connectNotReading(server.uri("/big"))) {
            String id = handler.recorder.onlyConnection();
            await().atMost(sendTimeout.plusSeconds(2)).until(() -> handler.recorder.terminations.containsKey(id));
            long took = System.nanoTime() - pushedAt.get();
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.SLOW_CONSUMER));
            assertThat(Duration.ofNanos(took)).isBetween(sendTimeout, sendTimeout.plusSeconds(1));
            healthy.text("still flowing");
            assertThat(healthy.nextText()).isEqualTo("still flowing");
        }
    }
}
