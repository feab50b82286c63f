package io.websock.bench;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cost of the info hand-off: {@code Connection.send(message)} on the benchmark thread until
 * {@code handleInfo} has run for it, through a real connection (one JDK WebSocket client connected to
 * an embedded Tomcat, so the {@code Connection} is the bridge's real connection process).
 *
 * <ul>
 *   <li>{@code bridgeSendOne}: one send, then spin until {@code handleInfo} counted it — the full
 *       one-message latency, including waking an idle executor thread;</li>
 *   <li>{@code bridgeSendBatch}: {@value #BATCH} sends, then spin until all were handled — the cost per
 *       message when the mailbox stays busy (one drain run handles many);</li>
 *   <li>{@code baseline*}: the same hand-off through the minimal correct mailbox (a
 *       {@code ConcurrentLinkedQueue}, an {@code AtomicBoolean} "scheduled" flag, the same executor) —
 *       what any serial-per-connection design must pay; the difference is the bridge's own overhead.</li>
 * </ul>
 * Both use one {@link ForkJoinPool} (parallelism max(2, CPUs), async mode, daemon threads), passed to the
 * bridge with {@code WebSockOptions.executor}: the same fixed executor on both sides keeps the comparison about
 * the mailbox alone. (It was the bridge's default executor on JDK 17 until the elastic pool replaced it; the
 * published numbers were measured with it.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MailboxBenchmark {

    static final int BATCH = 100;
    private static final Object MESSAGE = "tick";
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ForkJoinPool pool;
    private BenchServer server;
    private HttpClient http;
    private WebSocket client;
    private Connection connection;
    private final AtomicLong bridgeDelivered = new AtomicLong();
    private long bridgeSent;

    private MiniMailbox mini;
    private long miniSent;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pool = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()), p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setDaemon(true);
            return t;
        }, null, true);
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        WebSock<Object> counter = new WebSock<>() {
            @Override
            public Result<Object> init(Connection c) {
                opened.complete(c);
                return Result.ok(this);
            }

            @Override
            public Result<Object> handleIn(Frame.Data frame, Object state) {
                return Result.ok(state);
            }

            @Override
            public Result<Object> handleInfo(Object message, Object state) {
                bridgeDelivered.incrementAndGet();
                return Result.ok(state);
            }
        };
        WebSockOptions options = WebSockOptions.builder().executor(pool).build();
        server = BenchServer.start((websock, container) -> container.addEndpoint(websock.endpoint("/count", counter, options)));
        http = HttpClient.newHttpClient();
        client = http.newWebSocketBuilder().buildAsync(server.uri("/count"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        connection = opened.get(10, TimeUnit.SECONDS);
        mini = new MiniMailbox(pool);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.abort();
        server.close();
        pool.shutdownNow();
    }

    @Benchmark
    public void bridgeSendOne() {
        if (!connection.send(MESSAGE)) {
            throw new IllegalStateException("connection is closed");
        }
        await(bridgeDelivered, ++bridgeSent);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void bridgeSendBatch() {
        for (int i = 0; i < BATCH; i++) {
            if (!connection.send(MESSAGE)) {
                throw new IllegalStateException("connection is closed");
            }
        }
        bridgeSent += BATCH;
        await(bridgeDelivered, bridgeSent);
    }

    @Benchmark
    public void baselineSendOne() {
        mini.send(MESSAGE);
        await(mini.delivered, ++miniSent);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void baselineSendBatch() {
        for (int i = 0; i < BATCH; i++) {
            mini.send(MESSAGE);
        }
        miniSent += BATCH;
        await(mini.delivered, miniSent);
    }

    private static void await(AtomicLong delivered, long target) {
        long start = 0;
        int spins = 0;
        while (delivered.get() < target) {
            Thread.onSpinWait();
            if ((++spins & 0xFFFF) == 0) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                } else if (now - start > DEADLINE_NANOS) {
                    throw new IllegalStateException("message not delivered within 5 s: " + delivered.get() + " < " + target);
                }
            }
        }
    }

    /**
     * The minimal serial mailbox: at most one drain runs at a time (the thread that flips
     * {@code scheduled}); it releases the flag when the queue looks empty and re-checks. The same
     * skeleton as the bridge's connection process, without events, budgets, limits or callbacks.
     */
    static final class MiniMailbox {
        final AtomicLong delivered = new AtomicLong();
        private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final Executor executor;
        private final Runnable drain = this::drain;

        MiniMailbox(Executor executor) {
            this.executor = executor;
        }

        void send(Object message) {
            queue.add(message);
            if (scheduled.compareAndSet(false, true)) {
                executor.execute(drain);
            }
        }

        private void drain() {
            while (true) {
                while (queue.poll() != null) {
                    delivered.incrementAndGet();
                }
                scheduled.set(false);
                if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /** Lets the IDE run it directly; the documented way is {@code java -jar bench/target/benchmarks.jar}. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[]{MailboxBenchmark.class.getSimpleName()});
    }
}
