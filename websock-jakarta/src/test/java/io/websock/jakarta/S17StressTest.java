package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Fault;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The execution model under a storm: many connections, many threads sending info messages while the
 * clients send frames, then every way of ending at once. Checks the invariants of SPEC §2, not timings.
 */
class S17StressTest {

    private static final int CONNECTIONS = 200;
    private static final int SENDERS = 8;
    private static final int MESSAGES_PER_SENDER = 25;   // per connection
    private static final int FRAMES_PER_CLIENT = 25;

    /** Thrown by handleInfo on request: a callback exception is one of the ways a connection ends. */
    static final IllegalStateException BOOM = new IllegalStateException("boom");

    /** An info message: which sender, its sequence number for this connection. */
    record Msg(int sender, int seq) {
    }

    /** Per-connection state: plain fields, no volatile — the bridge's hand-offs must make them visible. */
    static final class State {
        final String id;
        final int[] lastSeq = new int[SENDERS];
        int lastFrame = -1;
        int infos;
        int frames;

        State(String id) {
            this.id = id;
            java.util.Arrays.fill(lastSeq, -1);
        }
    }

    /** Counts, order violations and lifecycle facts, observed from the handler. */
    static final class StressHandler implements WebSock<State> {
        final Recorder recorder = new Recorder();
        final AtomicInteger orderViolations = new AtomicInteger();
        final Map<String, int[]> delivered = new ConcurrentHashMap<>(); // id -> {infos, frames}

        @Override
        public Result<State> init(Connection connection) {
            recorder.opened(connection);
            delivered.put(connection.id(), new int[2]);
            return Result.push(Frame.text(connection.id()), new State(connection.id())); // tells the client who it is
        }

        @Override
        public Result<State> handleIn(Frame.Data frame, State s) {
            recorder.enter(s.id, "in");
            try {
                int seq = Integer.parseInt(((Frame.Text) frame).text());
                if (seq != s.lastFrame + 1) {
                    orderViolations.incrementAndGet();
                }
                s.lastFrame = seq;
                s.frames++;
                publish(s);
                return Result.ok(s);
            } finally {
                recorder.exit(s.id);
            }
        }

        @Override
        public Result<State> handleInfo(Object message, State s) {
            recorder.enter(s.id, "info");
            try {
                if (message == StopReason.NORMAL) {
                    return Result.stop(StopReason.NORMAL, s);
                }
                if (message == BOOM) {
                    throw BOOM;
                }
                Msg m = (Msg) message;
                if (m.seq() <= s.lastSeq[m.sender()]) {
                    orderViolations.incrementAndGet();
                }
                s.lastSeq[m.sender()] = m.seq();
                s.infos++;
                publish(s);
                return s.infos % 50 == 0 ? Result.push(Frame.text("ack"), s) : Result.ok(s);
            } finally {
                recorder.exit(s.id);
            }
        }

        private void publish(State s) {
            int[] counts = delivered.get(s.id);
            synchronized (counts) {
                counts[0] = s.infos;
                counts[1] = s.frames;
            }
        }

        @Override
        public void terminate(CloseReason reason, State s) {
            recorder.enter(s.id, "terminate");
            recorder.exit(s.id);
            recorder.terminated(s.id, reason);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S17 storm of info messages and frames on 200 connections: no overlap, order kept, terminate exactly once")
    void s17_stress(TestServer.Kind kind) throws Exception {
        Set<String> threadsBefore = liveThreadNames();
        StressHandler handler = new StressHandler();
        // Timeouts are S15's subject; here they would only race with the deliberate ends.
        WebSockOptions options = WebSockOptions.builder().timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/stress", handler, options)));
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 2);
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(WsClient.connect(server.uri("/stress")));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> handler.recorder.opened.size() == CONNECTIONS);
            List<Connection> connections = new ArrayList<>(); // in client order
            for (WsClient client : clients) {
                connections.add(handler.recorder.opened.get(client.nextText()));
            }

            // Phase 1: 8 threads send tagged info messages to every connection while every client sends frames.
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int sender = 0; sender < SENDERS; sender++) {
                int me = sender;
                work.add(pool.submit(() -> {
                    start.await();
                    for (int seq = 0; seq < MESSAGES_PER_SENDER; seq++) {
                        for (Connection c : connections) {
                            assertThat(c.send(new Msg(me, seq))).isTrue();
                        }
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                start.await();
                // Each client's frames are chained (the JDK client allows one send at a time per socket);
                // all clients send at once.
                List<java.util.concurrent.CompletableFuture<?>> chains = new ArrayList<>();
                for (WsClient client : clients) {
                    java.util.concurrent.CompletableFuture<?> chain = java.util.concurrent.CompletableFuture.completedFuture(null);
                    for (int seq = 0; seq < FRAMES_PER_CLIENT; seq++) {
                        String text = Integer.toString(seq);
                        chain = chain.thenCompose(x -> client.ws.sendText(text, true));
                    }
                    chains.add(chain);
                }
                java.util.concurrent.CompletableFuture.allOf(chains.toArray(java.util.concurrent.CompletableFuture[]::new))
                        .get(30, TimeUnit.SECONDS);
                return null;
            }));
            start.countDown();
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
            // Every message to a live connection arrives exactly once.
            await().atMost(Duration.ofSeconds(20)).until(() -> handler.delivered.values().stream().allMatch(c -> {
                synchronized (c) {
                    return c[0] == SENDERS * MESSAGES_PER_SENDER && c[1] == FRAMES_PER_CLIENT;
                }
            }));

            // Phase 2: every way of ending at once, while two threads keep sending info messages
            // (bounded well below the mailbox limit: overflow is S19's subject, not this one's).
            AtomicBoolean sending = new AtomicBoolean(true);
            List<Future<?>> late = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int me = t;
                late.add(pool.submit(() -> {
                    for (int seq = MESSAGES_PER_SENDER; seq < MESSAGES_PER_SENDER + 200 && sending.get(); seq++) {
                        for (Connection c : connections) {
                            c.send(new Msg(me, seq));
                        }
                    }
                    return null;
                }));
            }
            Map<String, String> way = new ConcurrentHashMap<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                WsClient client = clients.get(i);
                Connection connection = connections.get(i);
                switch (i % 4) {
                    case 0 -> {
                        way.put(connection.id(), "client close");
                        client.ws.sendClose(1000, "bye");
                    }
                    case 1 -> {
                        way.put(connection.id(), "stop");
                        connection.send(StopReason.NORMAL);
                    }
                    case 2 -> {
                        way.put(connection.id(), "abort");
                        client.abort();
                    }
                    default -> {
                        way.put(connection.id(), "exception");
                        connection.send(BOOM);
                    }
                }
            }
            try {
                // Generous: ending is normally well under a second, but an overloaded 2-core machine
                // has been seen to delay Tyrus' detection of dropped connections.
                await().atMost(Duration.ofSeconds(60)).until(() -> handler.recorder.terminations.size() == CONNECTIONS);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not terminated: " + connections.stream()
                        .filter(c -> !handler.recorder.terminations.containsKey(c.id()))
                        .map(c -> c.id() + " (" + way.get(c.id()) + ", open=" + c.isOpen() + ", " + ((ConnectionProcess<?>) c).diagnostics() + ")").toList(), e);
            }
            sending.set(false);
            for (Future<?> f : late) {
                f.get(10, TimeUnit.SECONDS);
            }

            for (Connection c : connections) {
                CloseReason reason = handler.recorder.awaitTermination(c.id());
                switch (way.get(c.id())) {
                    case "client close" -> assertThat(reason).isEqualTo(new CloseReason.Remote(1000, "bye"));
                    case "stop" -> assertThat(reason).isEqualTo(CloseReason.NORMAL);
                    case "abort" -> assertThat(reason).isEqualTo(new CloseReason.Error(Fault.CLOSED));
                    default -> assertThat(reason).isEqualTo(new CloseReason.Error(BOOM));
                }
                assertThat(c.isOpen()).isFalse();
                assertThat(c.send(new Msg(0, Integer.MAX_VALUE))).isFalse();
            }
            assertThat(handler.orderViolations).hasValue(0);
            assertThat(handler.recorder.overlaps).hasValue(0);
            assertThat(handler.recorder.callbacksAfterTerminate).hasValue(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.websock().connectionCount() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.websock().pendingTimers() == 0);
            // Still exactly once, after everything settled.
            assertThat(handler.recorder.terminations.values()).allMatch(list -> list.size() == 1);
        } finally {
            pool.shutdownNow();
            clients.forEach(WsClient::close);
            server.stop();
        }
        // No thread of ours is left behind: the timer thread is gone; only the shared executor's pool
        // (daemon, bounded by the core count, reused by every server) may remain.
        await().atMost(Duration.ofSeconds(10)).until(() -> liveThreadNames().stream()
                .filter(n -> !threadsBefore.contains(n))
                .noneMatch(n -> n.equals("websock-timer")));
        int poolLimit = Math.max(2, Runtime.getRuntime().availableProcessors());
        assertThat(liveThreadNames().stream().filter(n -> n.startsWith("websock-") && !n.equals("websock-timer")).count())
                .isLessThanOrEqualTo(poolLimit);
    }

    private static Set<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
