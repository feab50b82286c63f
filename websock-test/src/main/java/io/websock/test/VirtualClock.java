package io.websock.test;

import io.websock.spi.InMemoryClock;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The in-JVM server's time: starts at zero and moves only when {@link #advance} is called, which runs every
 * task that falls due on the calling thread, in due order (ties in scheduling order), each at its own time.
 */
final class VirtualClock implements InMemoryClock {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        Task t = new Task(task, now + Math.max(0, delayNanos), seq++);
        queue.add(t);
        return t;
    }

    /** Moves time forward by {@code by}, running the tasks due meanwhile (also those they schedule). */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = Math.max(now, next.due);
                next.started = true;
            }
            next.task.run();
        }
    }

    private synchronized boolean remove(Task task) {
        return queue.remove(task);
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable task;
        final long due;
        final long order;
        boolean started;
        boolean cancelled;

        Task(Runnable task, long due, long order) {
            this.task = task;
            this.due = due;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task t) {
                int c = Long.compare(due, t.due);
                return c != 0 ? c : Long.compare(order, t.order);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (VirtualClock.this) {
                if (started || cancelled) {
                    return false;
                }
                cancelled = true;
                return remove(this);
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (VirtualClock.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (VirtualClock.this) {
                return cancelled || started;
            }
        }

        @Override
        public Object get() {
            if (isCancelled()) {
                throw new CancellationException();
            }
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return get();
        }
    }
}
