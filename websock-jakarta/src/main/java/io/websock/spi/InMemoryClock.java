package io.websock.spi;

import java.util.concurrent.ScheduledFuture;

/**
 * <b>Test kit seam</b> (used by {@code websock-test}; not for applications): the clock and the timer of a
 * server made by {@code WebSockServer.inMemory(InMemoryClock)}. Every time-dependent rule of the bridge on
 * such a server — idle timeout, auto-ping, {@code sendAfter}, the send-timeout watchdog, {@code drain}
 * batches — reads {@link #nanoTime()} and schedules through {@link #schedule}, so a virtual clock that runs
 * due tasks when the test advances it makes those rules deterministic.
 *
 * <p>Contract for an implementation: {@link #nanoTime()} never goes backwards; a task given to
 * {@link #schedule} runs at most once, not before {@code nanoTime()} has advanced by {@code delayNanos},
 * unless it was cancelled through the returned future first; it may run on any thread, but the bridge's
 * rules only stay deterministic if it runs on the thread that advances the clock.
 */
public interface InMemoryClock {

    /** The current time in nanoseconds; only differences are meaningful (as {@link System#nanoTime()}). */
    long nanoTime();

    /**
     * Runs {@code task} once when the clock has advanced by {@code delayNanos} (zero or positive).
     *
     * @return a future whose {@code cancel} prevents the run if it has not started
     */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos);
}
