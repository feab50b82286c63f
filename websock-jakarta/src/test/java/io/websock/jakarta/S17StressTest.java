package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Fault;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S17: under a storm of info messages from 8 threads and text frames from every client, on 200
 * connections, callbacks of one connection never overlap, each connection sees every sender's messages
 * and its client's frames in order and without gaps, and every connection — ended by a client close, a
 * stop result, a TCP abort, a fatal error in a callback, the idle timeout or a drain — gets exactly one
 * {@code terminate} and nothing after it. Afterwards no connection, timer or thread of the server is left
 * behind. A second storm opens connections while the server shuts down: none survives it.
 */
class S17StressTest {

    static final int STORM = 160;        // on /storm: five ways to end, 32 each
    static final int IDLE = 40;          // on /idle: ended by the idle timeout
    static final int CONNECTIONS = STORM + IDLE;
    static final int SENDERS = 8;
    static final int MESSAGES = 100;     // per sender, to every connection: 8 × 100 × 200 = 160 000 info messages
    static final int FRAMES = 20;        // per client
    static final int PUSH_EVERY = 10;    // every 10th info message of a sender is pushed to the client

    /** An info message: the sender's number and its per-sender sequence number. */
    record Tag(int sender, int seq) {
    }

    /** Per-connection handler state, mutated without volatile: the bridge's happens-before must carry it. */
    static final class Track {
        final int k;
        final int[] lastInfo = new int[SENDERS];
        int lastFrame = -1;

        Track(int k) {
            this.k = k;
            java.util.Arrays.fill(lastInfo, -1);
        }
    }

    /** How a connection ends; the storm's are spread evenly over its connections, IDLE (last) is /idle's. */
    enum Ending { CLIENT_CLOSE, STOP_RESULT, TCP_ABORT, DRAIN, FATAL, IDLE }

    static Ending ending(int k) {
        return k >= STORM ? Ending.IDLE : Ending.values()[k % (Ending.values().length - 1)];
    }

    private static int deeper(int depth) {
        return deeper(depth + 1) + 1;
    }

    /**
     * Threads a run may leave behind, and why they are not the servers' threads:
     * <ul>
     *   <li>{@code websock-N}: the bridge's shared default executor (a JVM-wide elastic pool of daemon threads
     *       on Java 17, shared by every WebSockServer by design; its idle workers end on their own after the
     *       pool's 60 s keep-alive);</li>
     *   <li>{@code HttpClient-N-…}: the test clients' JDK {@code HttpClient} (selector and worker pool);</li>
     *   <li>{@code CompletableFutureDelayScheduler} and {@code ForkJoinPool.commonPool-worker-N}: JDK-wide
     *       threads started on first use by the client's {@code orTimeout} and async completions;</li>
     *   <li>on JDK 21+, the virtual-thread scheduler's carriers {@code ForkJoinPool-N-worker-M},
     *       {@code VirtualThread-unblocker} and {@code ForkJoinPool.commonPool-delayScheduler}: JVM-wide, started
     *       on first use of virtual threads (the bridge's default executor there).</li>
     * </ul>
     * Everything else — the WebSockServer's {@code websock-timer}, Grizzly/Tyrus and Tomcat threads, the
     * test's own threads — must be gone after the server stops.
     */
    static final Pattern ALLOWED_AFTER = Pattern.compile(
            "websock-\\d+|HttpClient-\\d+-(SelectorManager|Worker-\\d+)|CompletableFutureDelayScheduler"
                    + "|ForkJoinPool\\.commonPool-worker-\\d+"
                    + "|ForkJoinPool-\\d+-worker-\\d+|VirtualThread-unblocker|ForkJoinPool\\.commonPool-delayScheduler");

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S17 storm of info messages and frames on 200 connections: no overlap, order kept, terminate once on every path, nothing left")
    void s17_storm(TestServer.Kind kind) throws Exception {
        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        long t0 = System.nanoTime();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

        Scripted handler = new Scripted()
                .init(c -> Result.ok(new Track(Integer.parseInt(c.handshake().queryParameter("k")))))
                .in((frame, s) -> {
                    Track t = (Track) s;
                    int seq = Integer.parseInt(((Frame.Text) frame).text().substring(2));
                    if (seq != t.lastFrame + 1) {
                        errors.add("connection " + t.k + ": frame " + seq + " after " + t.lastFrame);
                    }
                    t.lastFrame = seq;
                    return Result.push(Frame.text("a:" + seq), t);
                })
                .info((m, s) -> {
                    Track t = (Track) s;
                    if ("stop".equals(m)) {
                        return Result.stop(StopReason.NORMAL, t);
                    }
                    if ("fatal".equals(m)) {
                        // Half of them overflow the stack for real; the others throw an error the JVM cannot
                        // recover from, which the bridge rethrows to the executor once the connection has ended.
                        if (t.k % 2 == 0) {
                            deeper(0);
                        }
                        throw new InternalError("simulated fatal error in connection " + t.k);
                    }
                    Tag tag = (Tag) m;
                    if (tag.seq() != t.lastInfo[tag.sender()] + 1) {
                        errors.add("connection " + t.k + ": sender " + tag.sender() + " message " + tag.seq()
                                + " after " + t.lastInfo[tag.sender()]);
                    }
                    t.lastInfo[tag.sender()] = tag.seq();
                    return tag.seq() % PUSH_EVERY == 0
                            ? Result.push(Frame.text("i:" + tag.sender() + ":" + tag.seq()), t)
                            : Result.ok(t);
                })
                .control((f, s) -> Result.ok(s));
        Recorder rec = handler.recorder;
        // The platform default executor, wrapped only to catch the fatal errors the bridge rethrows to it (an
        // uncaught error on a shared pool thread would otherwise be reported against whichever test runs).
        ConcurrentLinkedQueue<Throwable> rethrown = new ConcurrentLinkedQueue<>();
        java.util.concurrent.Executor shared = DefaultExecutor.resolve();
        java.util.concurrent.Executor catching = task -> shared.execute(() -> {
            try {
                task.run();
            } catch (InternalError fatal) {
                rethrown.add(fatal);
            }
        });
        WebSockOptions stormOptions = WebSockOptions.builder().executor(catching)
                .timeout(Duration.ZERO).pingInterval(Duration.ofMillis(100)) // auto-pings join the storm
                .sendTimeout(Duration.ofSeconds(2)).build();
        WebSockOptions idleOptions = WebSockOptions.builder()
                .timeout(Duration.ofSeconds(2)).pingInterval(Duration.ZERO).build(); // clients answer pings: none

        TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/storm", handler, stormOptions));
            c.addEndpoint(ws.endpoint("/idle", handler, idleOptions));
        });
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 4);
        java.util.concurrent.ScheduledExecutorService keepalive = Executors.newSingleThreadScheduledExecutor();
        List<WsClient> clients = new ArrayList<>();
        int[] sent = new int[CONNECTIONS]; // frames each client sent, guarded by the client
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            WebSockServer websock = server.websock();
            List<Future<WsClient>> connecting = new ArrayList<>();
            for (int k = 0; k < CONNECTIONS; k++) {
                String path = (k < STORM ? "/storm" : "/idle") + "?k=" + k;
                connecting.add(pool.submit(() -> WsClient.connect(server.uri(path))));
            }
            for (Future<WsClient> f : connecting) {
                clients.add(f.get(20, TimeUnit.SECONDS));
            }
            // Idle clients keep their connection alive with frames until the closing phase, however long
            // connecting and the storm take on a loaded machine; then they fall silent and time out.
            keepalive.scheduleWithFixedDelay(() -> {
                for (int k = STORM; k < CONNECTIONS && !closing.get(); k++) {
                    sendFrame(clients.get(k), sent, k, errors);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            // Under load the JDK client may give up on a handshake the server already accepted and retry it:
            // the abandoned connection (a "ghost") soon ends on the server. Map each client to its open connection.
            await().atMost(Duration.ofSeconds(20)).until(() -> rec.opened.values().stream().filter(Connection::isOpen)
                    .map(c -> c.handshake().queryParameter("k")).distinct().count() == CONNECTIONS
                    && rec.opened.values().stream().filter(Connection::isOpen).count() == CONNECTIONS);
            Map<Integer, Connection> byK = new HashMap<>();
            for (Connection c : rec.opened.values()) {
                if (c.isOpen()) {
                    byK.put(Integer.parseInt(c.handshake().queryParameter("k")), c);
                }
            }
            assertThat(byK).hasSize(CONNECTIONS);
            Set<String> live = byK.values().stream().map(Connection::id).collect(Collectors.toSet());
            List<String> ghosts = rec.opened.keySet().stream().filter(id -> !live.contains(id)).toList();
            long connected = System.nanoTime();

            // The storm: 8 info senders and 4 frame senders at once. Halfway through the info storm, the
            // clients of three groups start ending their connections while messages keep coming.
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch halfway = new CountDownLatch(SENDERS);
            List<Future<?>> work = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                work.add(pool.submit(() -> {
                    start.await();
                    for (int seq = 0; seq < MESSAGES; seq++) {
                        if (seq == MESSAGES / 2) {
                            halfway.countDown();
                        }
                        for (int k = 0; k < CONNECTIONS; k++) {
                            byK.get(k).send(new Tag(sender, seq));
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> framing = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                framing.add(pool.submit(() -> {
                    start.await();
                    for (int f = 0; f < FRAMES; f++) {
                        for (int k = worker; k < CONNECTIONS; k += 4) {
                            sendFrame(clients.get(k), sent, k, errors);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : framing) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
            closing.set(true);
            keepalive.shutdown();
            assertThat(keepalive.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (int k = 0; k < CONNECTIONS; k++) {
                switch (ending(k)) {
                    case CLIENT_CLOSE -> clients.get(k).ws.sendClose(1000, "bye");
                    case STOP_RESULT -> byK.get(k).send("stop");
                    case FATAL -> byK.get(k).send("fatal");
                    case TCP_ABORT -> clients.get(k).abort();
                    default -> { } // DRAIN after the storm; IDLE: the clients just stay silent
                }
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
            long stormed = System.nanoTime();

            // Every connection but the drained group ends by itself (its idle clients within a second).
            List<String> notDrained = new ArrayList<>();
            for (int k = 0; k < CONNECTIONS; k++) {
                if (ending(k) != Ending.DRAIN) {
                    notDrained.add(byK.get(k).id());
                }
            }
            awaitOrExplain(() -> notDrained.stream().allMatch(rec.terminations::containsKey), () -> {
                StringBuilder sb = new StringBuilder("connections not ended:\n");
                for (int k = 0; k < CONNECTIONS; k++) {
                    Connection c = byK.get(k);
                    if (ending(k) != Ending.DRAIN && !rec.terminations.containsKey(c.id())) {
                        List<String> ev = rec.events.get(c.id());
                        sb.append(k).append(' ').append(ending(k)).append(" open=").append(c.isOpen())
                                .append(" events=").append(ev.size()).append(" last=")
                                .append(ev.subList(Math.max(0, ev.size() - 3), ev.size()))
                                .append(" client=").append(clients.get(k).received.size()).append('\n');
                    }
                }
                return sb.append(threadDump()).toString();
            });
            long selfEnded = System.nanoTime();

            // The drained group stayed open through the whole storm: it must see every message, then end.
            List<Connection> toDrain = new ArrayList<>();
            for (int k = 0; k < CONNECTIONS; k++) {
                if (ending(k) == Ending.DRAIN) {
                    toDrain.add(byK.get(k));
                }
            }
            awaitOrExplain(() -> toDrain.stream().allMatch(c ->
                    rec.events.get(c.id()).stream().filter(e -> e.startsWith("info:")).count() == (long) SENDERS * MESSAGES),
                    () -> "drain group short of info messages: " + toDrain.stream().map(c -> c.id() + "=" + rec.events.get(c.id())
                            .stream().filter(e -> e.startsWith("info:")).count() + (rec.terminations.containsKey(c.id())
                            ? rec.terminations.get(c.id()).toString() : "")).toList() + "\n" + threadDump());
            websock.drain(10, Duration.ofMillis(5)).get(20, TimeUnit.SECONDS);

            // Every connection ended exactly once, with the reason of its path.
            awaitOrExplain(() -> rec.terminations.size() == rec.opened.size(), () -> "not terminated after drain: "
                    + toDrain.stream().filter(c -> !rec.terminations.containsKey(c.id())).map(Connection::id).toList()
                    + "; terminations " + rec.terminations.size() + ", opened " + rec.opened.size()
                    + ", unknown ids " + rec.terminations.keySet().stream().filter(id -> !rec.opened.containsKey(id)).toList()
                    + "\n" + threadDump());
            Map<Ending, Long> counts = new HashMap<>();
            for (int k = 0; k < CONNECTIONS; k++) {
                String id = byK.get(k).id();
                List<CloseReason> reasons = rec.terminations.get(id);
                assertThat(reasons).as("terminate of connection %d (%s)", k, ending(k)).hasSize(1);
                if (ending(k) == Ending.FATAL) {
                    Class<?> fatal = k % 2 == 0 ? StackOverflowError.class : InternalError.class;
                    assertThat(reasons.get(0)).as("terminate of connection %d (%s)", k, ending(k))
                            .isInstanceOfSatisfying(CloseReason.Error.class, e -> assertThat(e.cause())
                                    .isInstanceOf(fatal));
                } else {
                    CloseReason expected = switch (ending(k)) {
                        case CLIENT_CLOSE -> new CloseReason.Remote(1000, "bye");
                        case STOP_RESULT -> CloseReason.NORMAL;
                        case TCP_ABORT -> new CloseReason.Error(Fault.CLOSED);
                        case DRAIN -> CloseReason.SHUTDOWN;
                        default -> CloseReason.TIMEOUT;
                    };
                    assertThat(reasons.get(0)).as("terminate of connection %d (%s)", k, ending(k)).isEqualTo(expected);
                }
                counts.merge(ending(k), 1L, Long::sum);
                List<String> events = rec.events.get(id);
                assertThat(events.get(0)).isEqualTo("init");
                assertThat(events.get(events.size() - 1)).startsWith("terminate:");
                long frames = events.stream().filter("in"::equals).count();
                if (ending(k) != Ending.TCP_ABORT && ending(k) != Ending.STOP_RESULT && ending(k) != Ending.FATAL) {
                    // The client's frames all came before its close (or long before the end): none lost.
                    assertThat(frames).as("frames seen by connection %d", k).isEqualTo(sentBy(clients.get(k), sent, k))
                            .isGreaterThanOrEqualTo(FRAMES);
                }
            }
            assertThat(counts).containsOnlyKeys(Ending.values());
            long expectedRethrown = counts.get(Ending.FATAL) / 2; // the odd ones; the even ones overflowed the stack
            await().atMost(Duration.ofSeconds(5)).until(() -> rethrown.size() >= expectedRethrown);
            assertThat(rethrown).as("fatal errors rethrown to the executor after their connection ended")
                    .hasSize((int) expectedRethrown).allMatch(InternalError.class::isInstance);
            for (String ghost : ghosts) {
                assertThat(rec.terminations.get(ghost)).as("terminate of abandoned handshake %s", ghost).hasSize(1);
            }
            assertThat(errors).as("order violations seen by the handler").isEmpty();
            assertThat(rec.overlaps).as("overlapping callbacks").hasValue(0);
            assertThat(rec.callbacksAfterTerminate).as("callbacks after terminate").hasValue(0);
            assertThat(byK.values()).allSatisfy(c -> {
                assertThat(c.isOpen()).isFalse();
                assertThat(c.send(new Tag(0, MESSAGES))).isFalse();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> websock.connectionCount() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> websock.pendingTimers() == 0);

            // What the clients received: acknowledgements and pushed messages in order, then the right close.
            awaitOrExplain(() -> {
                for (int k = 0; k < CONNECTIONS; k++) {
                    if (ending(k) != Ending.TCP_ABORT && !clients.get(k).closed.isDone()) {
                        return false;
                    }
                }
                return true;
            }, () -> "clients without a close: " + java.util.stream.IntStream.range(0, CONNECTIONS)
                    .filter(k -> ending(k) != Ending.TCP_ABORT && !clients.get(k).closed.isDone())
                    .mapToObj(k -> k + " " + ending(k)).toList());
            for (int k = 0; k < CONNECTIONS; k++) {
                checkClient(kind, k, clients.get(k), errors);
            }
            assertThat(errors).as("order violations seen by the clients").isEmpty();
            System.out.printf("S17 %s: %d abandoned handshakes; connect %d ms, storm %d ms, self-ended %d ms, total %d ms%n",
                    kind, ghosts.size(),
                    TimeUnit.NANOSECONDS.toMillis(connected - t0), TimeUnit.NANOSECONDS.toMillis(stormed - connected),
                    TimeUnit.NANOSECONDS.toMillis(selfEnded - stormed),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } finally {
            clients.forEach(WsClient::abort);
            keepalive.shutdownNow();
            pool.shutdownNow();
            server.stop();
        }

        // Nothing of the server is left running.
        java.util.concurrent.atomic.AtomicReference<List<String>> left = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(15)).pollInSameThread().until(() -> {
                left.set(leftovers(threadsBefore));
                return left.get().isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("threads left after stop: " + left.get(), e);
        }
        System.out.printf("S17 %s: threads after stop, beyond the allowed shared ones: %s%n", kind, leftovers(threadsBefore));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S17 opens racing a shutdown: 8 threads open 800 connections while the server stops; every one that ran init is ended, once")
    void s17_opensRacingShutdown(TestServer.Kind kind) throws Exception {
        int openers = 8;
        int perOpener = 100;
        Scripted handler = new Scripted();
        Recorder rec = handler.recorder;
        WebSockOptions options = WebSockOptions.builder().timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/race", handler, options)));
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        List<RawClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        try {
            WebSockServer websock = server.websock();
            List<Future<?>> opening = new ArrayList<>();
            for (int t = 0; t < openers; t++) {
                opening.add(pool.submit(() -> {
                    for (int i = 0; i < perOpener; i++) {
                        attempts.incrementAndGet();
                        try {
                            clients.add(RawClient.connect(server.uri("/race")));
                        } catch (java.io.IOException refused) {
                            // once stopping, a server may refuse the upgrade itself; nothing opened
                        }
                    }
                    return null;
                }));
            }
            // Stop while a quarter of the opens are still to come.
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() >= openers * perOpener / 4);
            websock.shutdown(Duration.ofSeconds(10));
            for (Future<?> f : opening) {
                f.get(60, TimeUnit.SECONDS);
            }

            // Every connection whose init ran — before, during or after the stop began — ends once, as Shutdown.
            awaitOrExplain(() -> rec.terminations.keySet().containsAll(rec.opened.keySet()), () -> "still open after shutdown: "
                    + rec.opened.keySet().stream().filter(id -> !rec.terminations.containsKey(id)).toList());
            await().atMost(Duration.ofSeconds(10)).until(() -> websock.connectionCount() == 0);
            for (String id : rec.opened.keySet()) {
                assertThat(rec.terminations.get(id)).as("terminate of %s", id).containsExactly(CloseReason.SHUTDOWN);
            }
            assertThat(rec.overlaps).hasValue(0);
            assertThat(rec.callbacksAfterTerminate).hasValue(0);
            System.out.printf("S17 %s: %d of %d opens ran init around the shutdown%n", kind, rec.opened.size(), attempts.get());
            assertThat(rec.opened).as("connections opened before the stop").isNotEmpty();
        } finally {
            pool.shutdownNow();
            for (RawClient c : clients) {
                c.close();
            }
            server.stop();
        }
    }

    /**
     * Sends the client's next sequence-numbered frame; the client's lock keeps one send at a time. A send can
     * fail only on an idle connection whose keepalive came late on a loaded machine (it then times out, which
     * its terminate reason shows); on a storm connection, which is open throughout the storm, it is an error.
     */
    private static void sendFrame(WsClient client, int[] sent, int k, ConcurrentLinkedQueue<String> errors) {
        synchronized (client) {
            try {
                client.text("f:" + sent[k]);
                sent[k]++;
            } catch (java.util.concurrent.CompletionException failed) {
                if (ending(k) != Ending.IDLE) {
                    errors.add("client " + k + " (" + ending(k) + "): frame " + sent[k] + " not sent: " + failed.getCause());
                }
            }
        }
    }

    private static long sentBy(WsClient client, int[] sent, int k) {
        synchronized (client) {
            return sent[k];
        }
    }

    private static String threadDump() {
        StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement e : stack) {
                sb.append("    at ").append(e).append('\n');
            }
        });
        return sb.toString();
    }

    private static void awaitOrExplain(java.util.concurrent.Callable<Boolean> done, java.util.function.Supplier<String> explain) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(done);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(explain.get(), e);
        }
    }

    private static void checkClient(TestServer.Kind kind, int k, WsClient client, ConcurrentLinkedQueue<String> errors) {
        int lastAck = -1;
        int[] lastInfo = new int[SENDERS];
        java.util.Arrays.fill(lastInfo, -PUSH_EVERY);
        WsClient.Close close = null;
        for (WsClient.Received r : client.received) {
            if (r instanceof WsClient.Text t) {
                String[] parts = t.text().split(":");
                if (parts[0].equals("a")) {
                    int seq = Integer.parseInt(parts[1]);
                    if (seq != lastAck + 1) {
                        errors.add("client " + k + ": ack " + seq + " after " + lastAck);
                    }
                    lastAck = seq;
                } else {
                    int sender = Integer.parseInt(parts[1]);
                    int seq = Integer.parseInt(parts[2]);
                    if (seq != lastInfo[sender] + PUSH_EVERY) {
                        errors.add("client " + k + ": sender " + sender + " push " + seq + " after " + lastInfo[sender]);
                    }
                    lastInfo[sender] = seq;
                }
            } else if (r instanceof WsClient.Close c) {
                close = c;
            }
        }
        Ending ending = ending(k);
        if (ending == Ending.DRAIN) {
            for (int s = 0; s < SENDERS; s++) {
                if (lastInfo[s] != MESSAGES - PUSH_EVERY) {
                    errors.add("client " + k + ": last push of sender " + s + " was " + lastInfo[s]);
                }
            }
        }
        Integer expectedCode = switch (ending) {
            case CLIENT_CLOSE, STOP_RESULT, IDLE -> 1000;
            case DRAIN -> 1012;
            case FATAL -> 1011;
            case TCP_ABORT -> null;
        };
        if (kind == TestServer.Kind.TYRUS && ending != Ending.CLIENT_CLOSE && close == null
                && client.received.stream().anyMatch(r -> r instanceof WsClient.Failed f
                        && (String.valueOf(f.error().getMessage()).contains("closed input")
                            || String.valueOf(f.error().getMessage()).contains("closed output")
                            || String.valueOf(f.error().getMessage()).contains("Connection reset")))) {
            // Tyrus closes the socket right after writing the close frame of a server-initiated close, without
            // waiting for the client's reply; a pong or frame the client sent meanwhile makes the kernel reset
            // the connection (or the client's pong write fails: "closed output"), and the client can lose the close
            // frame (docs/decisions.md). The server side —
            // terminate reason, order, exactly once — was checked above.
            return;
        }
        if (expectedCode != null && (close == null || close.code() != expectedCode)) {
            List<WsClient.Received> all = new ArrayList<>(client.received);
            errors.add("client " + k + " (" + ending + "): close " + close + ", expected " + expectedCode
                    + "; last received " + all.subList(Math.max(0, all.size() - 2), all.size()));
        }
    }

    private static List<String> leftovers(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !ALLOWED_AFTER.matcher(t.getName()).matches())
                .map(Thread::getName)
                .sorted()
                .collect(Collectors.toList());
    }
}
