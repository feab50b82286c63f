package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writer's batches (issue 13): on Tomcat, small frames that leave one after another are handed to the container
 * as one batch and flushed without blocking; elsewhere every frame is its own send. Under pipelined traffic from the
 * clients, pushes of several frames at once (small, large — never batched — and small), info messages pushed from
 * four threads, and client pings that Tomcat answers itself while batches are being built, every frame arrives
 * exactly once and in the order the process produced it, every ping is answered, and no send fails (Tomcat throws
 * on a second send in flight, which would end the connection).
 */
class OutboundBatchingTest {

    static final int CONNECTIONS = 12;
    static final int FRAMES = 400;     // per client, sent without waiting for the echoes
    static final int SENDERS = 4;
    static final int INFOS = 300;      // per sender and connection
    static final int LARGE = 12_000;   // over any batch: goes out on its own, after a flush
    static final int NEAR_FULL = 5_000; // fits a batch only when the batch is nearly empty: cuts batches

    record Tag(int sender, int seq) {
    }

    /** Echo of "e<n>"; every 7th also pushes a large binary and "e<n>b" in the same result; infos become "i<s>:<q>". */
    static final class Pipelined implements WebSock<Object> {
        final Map<String, Connection> connections = new ConcurrentHashMap<>();

        @Override
        public Result<Object> init(Connection connection) {
            connections.put(connection.handshake().queryParameter("t"), connection);
            return Result.ok("");
        }

        @Override
        public Result<Object> handleIn(Frame.Data frame, Object state) {
            String text = ((Frame.Text) frame).text();
            int n = Integer.parseInt(text.substring(1));
            if (n % 7 == 0) {
                return Result.push(List.of(frame, Frame.binary(ByteBuffer.wrap(new byte[LARGE])), Frame.text(text + "b")), state);
            }
            return Result.push(frame, state);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            Tag tag = (Tag) message;
            String text = "i" + tag.sender() + ":" + tag.seq();
            if (tag.seq() % 50 == 0) {
                return Result.push(List.of(Frame.text(text + "|" + "x".repeat(NEAR_FULL))), state);
            }
            return Result.push(Frame.text(text), state);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S17 pipelined frames, multi-frame pushes, info pushes from 4 threads and client pings: every frame once, in order; every ping answered")
    void s17_batchesKeepOrder(TestServer.Kind kind) throws Exception {
        Pipelined handler = new Pipelined();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + CONNECTIONS);
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/batch", handler, WebSockOptions.DEFAULTS)))) {
            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    clients.add(WsClient.connect(server.uri("/batch?t=k" + i)));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> handler.connections.size() == CONNECTIONS);
                if (kind == TestServer.Kind.TOMCAT) {
                    // The path under test: on Tomcat every connection batches (else this test would prove nothing new).
                    for (Connection c : handler.connections.values()) {
                        assertThat(((ConnectionProcess<?>) c).outbound().batching()).as("batching on Tomcat").isTrue();
                    }
                }
                List<Future<?>> work = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    work.add(pool.submit(() -> {
                        for (int q = 0; q < INFOS; q++) {
                            for (Connection c : handler.connections.values()) {
                                assertThat(c.send(new Tag(sender, q))).isTrue();
                            }
                        }
                    }));
                }
                for (WsClient client : clients) {
                    work.add(pool.submit(() -> {
                        for (int n = 0; n < FRAMES; n++) {
                            client.ws.sendText("e" + n, true).join();
                            if (n % 40 == 0) {
                                client.ws.sendPing(ByteBuffer.wrap(("p" + n).getBytes(StandardCharsets.US_ASCII))).join();
                            }
                        }
                    }));
                }
                for (Future<?> f : work) {
                    f.get(60, TimeUnit.SECONDS);
                }
                for (WsClient client : clients) {
                    check(client);
                    // A ping after the last batch: Tomcat's own pong must not wait in a buffer nobody flushes.
                    client.ping("last".getBytes(StandardCharsets.US_ASCII));
                    assertThat(client.next()).as("pong to a ping after the traffic").isInstanceOf(WsClient.Pong.class);
                }
            } finally {
                clients.forEach(WsClient::close);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pushes 50 small frames (batchable) per info message; records how each connection ended. */
    static final class Flood implements WebSock<Object> {
        final Map<String, Connection> connections = new ConcurrentHashMap<>();
        final Map<String, java.util.concurrent.CompletableFuture<io.websock.CloseReason>> ends = new ConcurrentHashMap<>();

        @Override
        public Result<Object> init(Connection connection) {
            String t = connection.handshake().queryParameter("t");
            ends.put(t, new java.util.concurrent.CompletableFuture<>());
            connections.put(t, connection);
            return Result.ok(t);
        }

        @Override
        public Result<Object> handleIn(Frame.Data frame, Object state) {
            return Result.push(frame, state);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                frames.add(Frame.text("f".repeat(200)));
            }
            return Result.push(frames, state);
        }

        @Override
        public void terminate(io.websock.CloseReason reason, Object state) {
            ends.get((String) state).complete(reason);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S18 small frames to a peer that stops reading: the batch's flush stalls, the connection ends as a slow consumer within sendTimeout, its queue stays under the limit, another connection keeps echoing")
    void s18_stalledBatch(TestServer.Kind kind) throws Exception {
        Flood handler = new Flood();
        long limit = 64 * 1024;
        Duration sendTimeout = Duration.ofSeconds(2);
        WebSockOptions options = WebSockOptions.DEFAULTS.toBuilder().outboundBufferLimit(limit).sendTimeout(sendTimeout)
                .mailboxLimit(100_000).build(); // the flood must meet the byte limit or the send timeout, not the mailbox limit
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/flood", handler, options)));
             WsClient stalled = WsClient.connectNotReading(server.uri("/flood?t=stalled"));
             WsClient other = WsClient.connect(server.uri("/flood?t=other"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.connections.size() == 2);
            ConnectionProcess<?> stuck = (ConnectionProcess<?>) handler.connections.get("stalled");
            if (kind == TestServer.Kind.TOMCAT) {
                assertThat(stuck.outbound().batching()).as("batching on Tomcat").isTrue();
            }
            long started = System.nanoTime();
            // Never blocks: each send only queues an info message; the writer's flush is asynchronous.
            for (int i = 0; i < 20_000 && stuck.send("flood"); i++) {
                if (i % 100 == 99) {
                    other.text("echo " + i);
                    assertThat(other.nextText()).isEqualTo("echo " + i);
                }
            }
            io.websock.CloseReason end = handler.ends.get("stalled").get(10, TimeUnit.SECONDS);
            assertThat(end).isEqualTo(new io.websock.CloseReason.Error(io.websock.Fault.SLOW_CONSUMER));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("ended within sendTimeout and a margin")
                    .isLessThan(sendTimeout.plusSeconds(8));
            assertThat(stuck.outbound().maxWaitingBytes()).as("bytes waiting behind the send in flight").isLessThanOrEqualTo(limit);
            other.text("still here");
            assertThat(other.nextText()).isEqualTo("still here");
        }
    }

    /** Reads everything one client must get and checks it, in order. */
    private static void check(WsClient client) {
        int nextEcho = 0;
        boolean expectLarge = false;
        boolean expectB = false;
        int[] nextInfo = new int[SENDERS];
        int pongs = 0;
        int expectedPongs = (FRAMES + 39) / 40;
        int echoes = 0;
        int infos = 0;
        while (echoes < FRAMES || infos < SENDERS * INFOS || pongs < expectedPongs || expectLarge || expectB) {
            WsClient.Received r = client.next();
            if (r instanceof WsClient.Pong) {
                pongs++;
                continue;
            }
            if (expectLarge) {
                assertThat(r).as("the large frame right after e%d", nextEcho - 1).isInstanceOf(WsClient.Binary.class);
                assertThat(((WsClient.Binary) r).data()).hasSize(LARGE);
                expectLarge = false;
                expectB = true;
                continue;
            }
            assertThat(r).isInstanceOf(WsClient.Text.class);
            String text = ((WsClient.Text) r).text();
            if (expectB) {
                assertThat(text).as("third frame of the push of e%d", nextEcho - 1).isEqualTo("e" + (nextEcho - 1) + "b");
                expectB = false;
            } else if (text.startsWith("e")) {
                assertThat(text).as("echoes in order").isEqualTo("e" + nextEcho);
                expectLarge = nextEcho % 7 == 0;
                nextEcho++;
                echoes++;
            } else {
                String tag = text.contains("|") ? text.substring(0, text.indexOf('|')) : text;
                int sender = Integer.parseInt(tag.substring(1, tag.indexOf(':')));
                int seq = Integer.parseInt(tag.substring(tag.indexOf(':') + 1));
                assertThat(seq).as("info of sender %d in order", sender).isEqualTo(nextInfo[sender]);
                if (seq % 50 == 0) {
                    assertThat(text).hasSize(tag.length() + 1 + NEAR_FULL);
                }
                nextInfo[sender]++;
                infos++;
            }
        }
        assertThat(pongs).as("every client ping answered").isEqualTo(expectedPongs);
        assertThat(client.received.poll()).as("nothing more, no error, no close").isNull();
    }
}
