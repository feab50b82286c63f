package io.websock.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the bridge's writer ({@code Outbound}) pays per frame for its send-timeout watchdog: it schedules
 * a task {@code sendTimeout} (10 s) ahead on the server's shared {@code ScheduledThreadPoolExecutor}
 * (remove-on-cancel) when a send starts with no watchdog armed, and cancels it when the queue empties —
 * so a request/response connection pays one schedule + one cancel per message. The queue holds a
 * heartbeat 25 s ahead, as a live connection's does, so each new watchdog becomes the queue's head and
 * signals the timer thread. {@code scheduleCancel} measures that pair; {@code baseline} a plain volatile
 * timestamp write (what a lazily re-armed watchdog would need per send).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WatchdogBenchmark {

    private ScheduledThreadPoolExecutor timer;
    private ScheduledFuture<?> heartbeat;
    private final Runnable check = () -> { };
    private volatile long inFlightSince;

    @Setup(Level.Trial)
    public void setUp() {
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "websock-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        heartbeat = timer.schedule(check, 25, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        heartbeat.cancel(false);
        timer.shutdownNow();
    }

    @Benchmark
    public boolean scheduleCancel() {
        ScheduledFuture<?> watchdog = timer.schedule(check, 10, TimeUnit.SECONDS);
        return watchdog.cancel(false);
    }

    @Benchmark
    public void baseline() {
        inFlightSince = System.nanoTime();
    }
}
