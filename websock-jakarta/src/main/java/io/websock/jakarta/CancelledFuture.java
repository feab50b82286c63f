package io.websock.jakarta;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** What scheduling returns once the server's timer has stopped: a task that will never run. */
final class CancelledFuture implements ScheduledFuture<Object> {

    static final CancelledFuture INSTANCE = new CancelledFuture();

    private CancelledFuture() {
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return 0;
    }

    @Override
    public int compareTo(Delayed other) {
        return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return true;
    }

    @Override
    public boolean isDone() {
        return true;
    }

    @Override
    public Object get() {
        throw new CancellationException("the WebSock server has shut down");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
        return get();
    }
}
