package io.websock.bench;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cost of the info channel: {@code Connection.send} from a foreign thread until {@code handleInfo}
 * has run, through a real connection on embedded Tomcat. {@code handoff} measures one message at a time
 * (latency of a wake-up), {@code burst} 1 000 messages per operation (throughput of the mailbox).
 * {@code baselineQueue*} do the same hand-off with a bare ConcurrentLinkedQueue drained by one task on a
 * plain executor — the least any serial mailbox must pay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MailboxBenchmark {

    private static final int BURST = 1000;

    private final AtomicLong delivered = new AtomicLong();
    private volatile Connection connection;
    private EchoServer server;
    private WebSocket client;

    private final ConcurrentLinkedQueue<Object> baselineQueue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean baselineScheduled = new AtomicBoolean();
    private final AtomicLong baselineDelivered = new AtomicLong();
    private ExecutorService baselineExecutor;

    /** Counts deliveries; nothing else, so the benchmark sees the hand-off itself. */
    final class Counter implements WebSock<Integer> {
        @Override
        public Result<Integer> init(Connection c) {
            connection = c;
            return Result.ok(0);
        }

        @Override
        public Result<Integer> handleIn(Frame.Data frame, Integer state) {
            return Result.ok(state);
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer state) {
            delivered.incrementAndGet();
            return Result.ok(state);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new EchoServer(new Counter());
        client = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(server.uri("/info"), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        while (connection == null) {
            Thread.onSpinWait();
        }
        baselineExecutor = Executors.newSingleThreadExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.abort();
        server.close();
        baselineExecutor.shutdownNow();
    }

    @Benchmark
    public long handoff() {
        long target = delivered.get() + 1;
        connection.send(Boolean.TRUE);
        return awaitCount(delivered, target);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long burst() {
        long target = delivered.get() + BURST;
        for (int i = 0; i < BURST; i++) {
            connection.send(Boolean.TRUE);
        }
        return awaitCount(delivered, target);
    }

    @Benchmark
    public long baselineQueueHandoff() {
        long target = baselineDelivered.get() + 1;
        baselineSend(Boolean.TRUE);
        return awaitCount(baselineDelivered, target);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long baselineQueueBurst() {
        long target = baselineDelivered.get() + BURST;
        for (int i = 0; i < BURST; i++) {
            baselineSend(Boolean.TRUE);
        }
        return awaitCount(baselineDelivered, target);
    }

    private void baselineSend(Object message) {
        baselineQueue.add(message);
        if (baselineScheduled.compareAndSet(false, true)) {
            baselineExecutor.execute(this::baselineDrain);
        }
    }

    private void baselineDrain() {
        while (true) {
            while (baselineQueue.poll() != null) {
                baselineDelivered.incrementAndGet();
            }
            baselineScheduled.set(false);
            if (baselineQueue.isEmpty() || !baselineScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private static long awaitCount(AtomicLong counter, long target) {
        long v;
        while ((v = counter.get()) < target) {
            Thread.onSpinWait();
        }
        return v;
    }

}
