package io.websock.jakarta;

import io.websock.Cancellable;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code sendAfter} timer. Its life is PENDING → FIRED (message in the mailbox) → DELIVERED, or
 * CANCELLED from either of the first two: a cancel that wins against delivery means the message is
 * never seen by {@code handleInfo}.
 */
final class InfoTimer implements Cancellable {

    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int DELIVERED = 2;
    private static final int CANCELLED = 3;

    private final ConnectionProcess<?> owner;
    private final Object message;
    private final AtomicInteger phase = new AtomicInteger(PENDING);
    private volatile ScheduledFuture<?> future;

    InfoTimer(ConnectionProcess<?> owner, Object message) {
        this.owner = owner;
        this.message = message;
    }

    void scheduled(ScheduledFuture<?> future) {
        this.future = future;
        if (phase.get() == CANCELLED) {
            future.cancel(false); // cancelled before the future existed
        }
    }

    /** Runs on the timer thread. */
    void fire() {
        if (phase.compareAndSet(PENDING, FIRED)) {
            owner.timerFired(this, message);
        }
    }

    /** Runs on the connection's process just before delivery; false if cancelled meanwhile. */
    boolean claimDelivery() {
        return phase.compareAndSet(FIRED, DELIVERED);
    }

    @Override
    public boolean cancel() {
        while (true) {
            int p = phase.get();
            if (p == DELIVERED || p == CANCELLED) {
                return false;
            }
            if (phase.compareAndSet(p, CANCELLED)) {
                ScheduledFuture<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
                owner.timerGone(this);
                return true;
            }
        }
    }

    /** Cancels without reporting: the connection is ending and forgets all its timers at once. */
    void discard() {
        phase.set(CANCELLED);
        ScheduledFuture<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
    }
}
