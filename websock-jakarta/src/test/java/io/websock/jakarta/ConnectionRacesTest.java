package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Fault;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSockOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edges of the connection process where races and fatal errors used to leave a connection behind
 * (issue 17): each test controls the schedule — a send held by a peer that does not read, a latch inside a
 * callback, the server's mode changed from inside {@code onOpen}, an executor that drops or refuses the run —
 * so it fails deterministically without the fix; the timer race, which only a storm shows, is a stress loop.
 */
class ConnectionRacesTest {

    private static final WebSockOptions QUIET = WebSockOptions.builder()
            .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S18 a send that times out while a callback stops the connection still ends it as a slow consumer, transport closed")
    void timedOutSendWinsOverStop(TestServer.Kind kind) throws Exception {
        Duration sendTimeout = Duration.ofMillis(500);
        WebSockOptions options = WebSockOptions.builder().sendTimeout(sendTimeout)
                .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        ByteBuffer flood = ByteBuffer.wrap(new byte[32 * 1024 * 1024]).asReadOnlyBuffer(); // far beyond TCP buffers
        AtomicBoolean sawEnd = new AtomicBoolean();
        Scripted handler = new Scripted()
                .init(c -> Result.ok(c))
                .in((frame, s) -> {
                    Connection c = (Connection) s;
                    if (((Frame.Text) frame).text().equals("flood")) {
                        return Result.push(Frame.binary(flood), c);
                    }
                    // While this callback runs, the watchdog finds the flood stuck; then the callback stops normally.
                    await().atMost(Duration.ofSeconds(10)).until(() -> !c.isOpen());
                    sawEnd.set(true);
                    return Result.stop(StopReason.NORMAL, c);
                });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/stuck", handler, options)));
             RawClient client = RawClient.connect(server.uri("/stuck"))) {
            client.text("flood").text("stop");
            String id = handler.recorder.onlyConnection();
            ConnectionProcess<?> process = (ConnectionProcess<?>) handler.recorder.opened.get(id);

            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.SLOW_CONSUMER));
            assertThat(sawEnd).isTrue();
            // The writer gave up on the stuck send: the connection is fully ended, so shutdown would not wait on it.
            process.endedFuture().get(4 * sendTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().connectionCount() == 0);
            assertThat(readsToTheEnd(client.input())).as("the client's socket reaches its end (EOF or reset)").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S7 a StackOverflowError in handleIn is a callback exception: 1011, terminate(Error) once, nothing frozen")
    void stackOverflowIsACallbackException(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted().in((frame, s) -> Result.push(Frame.text("depth " + deeper(0)), s));
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/deep", handler, QUIET)))) {
            try (WsClient client = WsClient.connect(server.uri("/deep"))) {
                client.text("recurse");
                assertThat(client.awaitClose(WsClient.WAIT).code()).isEqualTo(1011);
            }
            String id = handler.recorder.onlyConnection();
            CloseReason reason = handler.recorder.awaitTermination(id);
            assertThat(reason).isInstanceOfSatisfying(CloseReason.Error.class,
                    e -> assertThat(e.cause()).isInstanceOf(StackOverflowError.class));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().connectionCount() == 0);
            assertThat(handler.recorder.terminations.get(id)).hasSize(1);

            // The container's threads are not stuck: the next connection works.
            handler.in(Result::push);
            try (WsClient next = WsClient.connect(server.uri("/deep"))) {
                next.text("still here");
                assertThat(next.nextText()).isEqualTo("still here");
            }
        }
    }

    private static int deeper(int depth) {
        return deeper(depth + 1) + 1;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S7 a fatal VirtualMachineError in handleInfo ends the connection (1011, terminate(Error)) before it is rethrown")
    void fatalErrorEndsTheConnectionThenPropagates(TestServer.Kind kind) throws Exception {
        List<Throwable> rethrown = new CopyOnWriteArrayList<>();
        Executor recording = task -> new Thread(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                rethrown.add(t);
            }
        }, "fatal-test").start();
        WebSockOptions options = WebSockOptions.builder().executor(recording)
                .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        OutOfMemoryError fatal = new OutOfMemoryError("simulated by the test");
        Scripted handler = new Scripted().info((m, s) -> {
            if (m.equals("fatal")) {
                throw fatal;
            }
            return Result.push(Frame.text("info " + m), s);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/fatal", handler, options)));
             WsClient client = WsClient.connect(server.uri("/fatal"))) {
            String id = handler.recorder.onlyConnection();
            Connection conn = handler.recorder.opened.get(id);
            assertThat(conn.send("fatal")).isTrue();
            assertThat(client.awaitClose(WsClient.WAIT).code()).isEqualTo(1011);
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(fatal));
            await().atMost(Duration.ofSeconds(5)).until(() -> rethrown.contains(fatal));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().connectionCount() == 0);
            assertThat(conn.send("late")).isFalse();

            try (WsClient next = WsClient.connect(server.uri("/fatal"))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> handler.recorder.opened.size() == 2);
                Connection second = handler.recorder.opened.values().stream().filter(Connection::isOpen).findFirst().orElseThrow();
                second.send("hello");
                assertThat(next.nextText()).isEqualTo("info hello");
            }
        }
    }

    enum Stop { DRAIN, SHUTDOWN }

    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("kindsAndStops")
    @DisplayName("S16 a connection that opens while drain()/shutdown() begins is ended with the others: 1012/1001, terminate(Shutdown)")
    void openRacingAStopIsEnded(TestServer.Kind kind, Stop stop) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/late", () -> {
            // Runs inside onOpen, after the accepting() check and before the connection is listed: exactly the
            // window in which a stop that began elsewhere used to miss it.
            if (stop == Stop.DRAIN) {
                ws.drain(1, Duration.ZERO);
            } else {
                new Thread(() -> ws.shutdown(Duration.ofSeconds(5)), "stopper").start();
                await().atMost(Duration.ofSeconds(5)).until(() -> !ws.accepting());
            }
            return handler;
        }, h -> { }, QUIET)))) {
            try (WsClient client = WsClient.connect(server.uri("/late"))) {
                WsClient.Close close = client.awaitClose(WsClient.WAIT);
                assertThat(close.code()).isEqualTo(stop == Stop.DRAIN ? 1012 : 1001);
            }
            String id = handler.recorder.onlyConnection();
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(CloseReason.SHUTDOWN);
            assertThat(handler.recorder.events.get(id)).containsExactly("init", "terminate:" + CloseReason.SHUTDOWN);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().connectionCount() == 0);
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> kindsAndStops() {
        List<org.junit.jupiter.params.provider.Arguments> all = new ArrayList<>();
        for (TestServer.Kind kind : TestServer.Kind.values()) {
            for (Stop stop : Stop.values()) {
                all.add(org.junit.jupiter.params.provider.Arguments.of(kind, stop));
            }
        }
        return all.stream();
    }

    @Test
    @DisplayName("S20 sendAfter racing the end of its connection never leaves a timer behind (stress: 4 threads, 12 rounds)")
    void sendAfterRacingTheEndLeavesNoTimer() throws Exception {
        BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
        Scripted handler = new Scripted()
                .init(c -> {
                    opened.add(c);
                    return Result.ok(0);
                })
                .info((m, s) -> Result.stop(StopReason.NORMAL, s));
        try (TestServer server = TestServer.start(TestServer.Kind.TYRUS, (ws, c) -> c.addEndpoint(ws.endpoint("/t", handler, QUIET)))) {
            WebSockServer websock = server.websock();
            for (int round = 0; round < 12; round++) {
                // A raw client: one handshake, never retried (the JDK client may abandon a slow handshake and
                // retry, which would leave a second, short-lived connection in the queue).
                try (RawClient client = RawClient.connect(server.uri("/t"))) {
                    Connection conn = opened.poll(10, TimeUnit.SECONDS);
                    assertThat(conn).isNotNull();
                    assertThat(opened).as("connections opened by round %d's one handshake", round).isEmpty();
                    AtomicInteger armed = new AtomicInteger();
                    CountDownLatch go = new CountDownLatch(1);
                    List<Thread> threads = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        Thread thread = new Thread(() -> {
                            try {
                                go.await();
                            } catch (InterruptedException e) {
                                return;
                            }
                            // Keep arming while the connection ends, and a little after.
                            int after = 0;
                            while (after < 200) {
                                conn.sendAfter("never", Duration.ofHours(1));
                                armed.incrementAndGet();
                                if (!conn.isOpen()) {
                                    after++;
                                }
                            }
                        }, "arming-" + t);
                        threads.add(thread);
                        thread.start();
                    }
                    go.countDown();
                    await().atMost(Duration.ofSeconds(20)).until(() -> armed.get() >= 20_000 || !conn.isOpen());
                    assertThat(conn.isOpen()).as("round %d: the connection, before it is stopped", round).isTrue();
                    conn.send("stop"); // finish() now discards the timers while four threads keep adding
                    for (Thread thread : threads) {
                        thread.join(TimeUnit.SECONDS.toMillis(20));
                        assertThat(thread.isAlive()).isFalse();
                    }
                    assertThat(client.readUntilClose().closeCode()).isEqualTo(1000);
                    int r = round;
                    await().atMost(Duration.ofSeconds(5)).until(() -> websock.connectionCount() == 0);
                    try {
                        await().atMost(Duration.ofSeconds(5)).until(() -> websock.pendingTimers() == 0);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("round " + r + ": " + websock.pendingTimers()
                                + " timers outlived their connection (of " + armed.get() + " armed)", e);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("S17 registry: ended connections leave no path entry behind; servlet-side upgrades are listed under the servlet's mapping")
    void registryForgetsEndedPaths() throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(TestServer.Kind.TOMCAT,
                (ws, c) -> c.addEndpoint(ws.endpoint("/echo/{room}", handler, QUIET)),
                (ctx, ws) -> ctx.addServlet("up", new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, jakarta.servlet.ServletException {
                        WebSockUpgrade.upgrade(req, resp, handler, QUIET, Map.of("room", req.getPathInfo().substring(1)));
                    }
                }).addMapping("/up/*"))) {
            ConnectionRegistry registry = (ConnectionRegistry) server.websock().registry();
            int rooms = 100;
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                clients.add(WsClient.connect(server.uri("/up/room-" + i)));
                clients.add(WsClient.connect(server.uri("/echo/room-" + i)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.count() == 2 * rooms);
            assertThat(registry.connections("/up/*")).hasSize(rooms)
                    .allSatisfy(c -> assertThat(c.path()).isEqualTo("/up/*"));
            assertThat(registry.connections("/echo/{room}")).hasSize(rooms);
            assertThat(registry.connections("/up/room-7")).isEmpty();
            assertThat(registry.pathCount()).isEqualTo(2);
            assertThat(registry.broadcast("/up/*", "hello")).isEqualTo(rooms);

            clients.forEach(WsClient::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.count() == 0);
            assertThat(registry.pathCount()).as("path entries left after every connection ended").isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S17 a read thread held by back-pressure and interrupted does not spin; every frame is still handled")
    void interruptedHeldReaderDoesNotSpin(TestServer.Kind kind) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger frames = new AtomicInteger();
        Scripted handler = new Scripted()
                .in((frame, s) -> {
                    frames.incrementAndGet();
                    return Result.ok(s);
                })
                .info((m, s) -> {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Result.push(Frame.text("done " + m), s);
                });
        int sent = 3 * ConnectionProcess.INBOUND_HIGH_WATER;
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/held", handler, QUIET)));
             WsClient client = WsClient.connect(server.uri("/held"))) {
            String id = handler.recorder.onlyConnection();
            ConnectionProcess<?> process = (ConnectionProcess<?>) handler.recorder.opened.get(id);
            process.send("block");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < sent; i++) {
                client.text("m" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> process.heldReader() != null);
            Thread reader = process.heldReader();
            reader.interrupt();

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getThreadCpuTime(reader.getId());
            long wallBefore = System.nanoTime();
            // Still held a second later — and it must have been parked, not spinning, all that time.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> process.heldReader() == reader);
            long cpu = threads.getThreadCpuTime(reader.getId()) - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            assertThat(cpu).as("CPU time of the held read thread over %d ms", TimeUnit.NANOSECONDS.toMillis(wall))
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));

            release.countDown();
            assertThat(client.nextText()).isEqualTo("done block");
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.get() == sent);
            client.text("after");
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.get() == sent + 1);
            assertThat(handler.recorder.overlaps).hasValue(0);
        }
    }

    @Test
    @DisplayName("S16 a run dropped by the user's executor (shutdownNow) does not strand the connection: shutdown still ends it")
    void droppedRunIsTakenOverOnShutdown() throws Exception {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingDeque<>());
        WebSockOptions options = WebSockOptions.builder().executor(executor)
                .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        List<Object> infos = new CopyOnWriteArrayList<>();
        Scripted handler = new Scripted().info((m, s) -> {
            infos.add(m);
            return Result.ok(s);
        });
        try (TestServer server = TestServer.start(TestServer.Kind.TYRUS, (ws, c) -> c.addEndpoint(ws.endpoint("/dropped", handler, options)));
             WsClient client = WsClient.connect(server.uri("/dropped"))) {
            String id = handler.recorder.onlyConnection();
            Connection conn = handler.recorder.opened.get(id);
            CountDownLatch busy = new CountDownLatch(1);
            executor.execute(() -> {
                busy.countDown();
                try {
                    new CountDownLatch(1).await(); // until shutdownNow() interrupts it
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(conn.send("queued")).isTrue(); // its run waits behind the busy task
            assertThat(executor.shutdownNow()).as("the connection's run, dropped").hasSize(1);
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            server.websock().shutdown(Duration.ofSeconds(5));
            assertThat(client.awaitClose(WsClient.WAIT).code()).isEqualTo(1001);
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(CloseReason.SHUTDOWN);
            assertThat(infos).containsExactly("queued");
            assertThat(server.websock().connectionCount()).isZero();
        }
    }

    @Test
    @DisplayName("S5 an executor that throws from execute() does not strand the connection: the info message is handled on the sender's thread")
    void failingExecutorRunsHere() throws Exception {
        AtomicLong refusals = new AtomicLong();
        WebSockOptions options = WebSockOptions.builder()
                .executor(task -> {
                    refusals.incrementAndGet();
                    throw new IllegalStateException("this executor has no threads");
                })
                .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        Scripted handler = new Scripted().info((m, s) -> Result.push(Frame.text("info " + m), s));
        try (TestServer server = TestServer.start(TestServer.Kind.TYRUS, (ws, c) -> c.addEndpoint(ws.endpoint("/refusing", handler, options)));
             WsClient client = WsClient.connect(server.uri("/refusing"))) {
            Connection conn = handler.recorder.opened.get(handler.recorder.onlyConnection());
            assertThat(conn.send("one")).isTrue();
            assertThat(conn.send("two")).isTrue();
            assertThat(client.nextText()).isEqualTo("info one");
            assertThat(client.nextText()).isEqualTo("info two");
            assertThat(refusals.get()).isGreaterThanOrEqualTo(1);
        }
    }

    /** Reads until the server ends the connection: true on EOF or a reset, false if it stays open for 15 s. */
    private static boolean readsToTheEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
        }
        return false;
    }
}
