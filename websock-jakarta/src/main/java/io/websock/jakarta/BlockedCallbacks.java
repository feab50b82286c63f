package io.websock.jakarta;

import io.websock.spi.WebSockEvents;

import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code blockedWarning} option (SPEC §2.4): a callback that runs longer than the threshold logs one
 * WARNING naming the connection, its path, the callback and the running thread's stack — once per
 * episode (one long callback, one warning), however long it lasts.
 *
 * <p>Cheap on the hot path: a callback costs its connection's {@link Watch} one plain and one volatile
 * write on entry and one volatile write on exit; no timer is scheduled or cancelled per callback. One
 * periodic sweep on the server's shared timer, every {@link #SWEEP_MILLIS} ms, reads the watches of the
 * server's open connections and logs those over their threshold — so a warning comes at most that much
 * after the threshold.
 */
final class BlockedCallbacks {

    private static final System.Logger LOG = System.getLogger("io.websock");
    static final long SWEEP_MILLIS = 500;

    /** The callbacks, as their index in {@link #NAMES} (kept in the low bits of {@link Watch#since}). */
    static final int INIT = 1;
    static final int HANDLE_IN = 2;
    static final int HANDLE_CONTROL = 3;
    static final int HANDLE_INFO = 4;
    static final int TERMINATE = 5;
    private static final String[] NAMES = {"", "init", "handleIn", "handleControl", "handleInfo", "terminate"};
    private static final WebSockEvents.Callback[] CALLBACKS = {null, WebSockEvents.Callback.INIT,
            WebSockEvents.Callback.HANDLE_IN, WebSockEvents.Callback.HANDLE_CONTROL, WebSockEvents.Callback.HANDLE_INFO,
            WebSockEvents.Callback.TERMINATE};
    private static final long CALLBACK_BITS = 7;

    private final Map<String, ConnectionProcess<?>> connections;
    private volatile ScheduledFuture<?> sweep;

    BlockedCallbacks(Map<String, ConnectionProcess<?>> connections) {
        this.connections = connections;
    }

    /** Starts the sweep on {@code timer} once (an endpoint with a non-zero threshold was created). */
    synchronized void start(ScheduledThreadPoolExecutor timer) {
        if (sweep != null) {
            return;
        }
        try {
            sweep = timer.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // the server is shut down: nothing to watch
        }
    }

    /** Whether {@code task} (from the timer's queue) is the sweep, which is not a connection's timer. */
    boolean isSweep(Runnable task) {
        return task == sweep;
    }

    /** Timer thread. */
    private void sweep() {
        long now = System.nanoTime();
        for (ConnectionProcess<?> process : connections.values()) {
            try {
                process.check(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "websock: blocked-callback check failed: " + e);
            }
        }
    }

    /**
     * One connection's callback clock: written by whichever thread runs the connection's callback, read by
     * the sweep. {@code since} holds the callback's start ({@code System.nanoTime()} with its 3 low bits
     * replaced by the callback's index) or 0 between callbacks, so one volatile write says both when and
     * what.
     *
     * <p>The connection process extends it (one object per connection instead of two): {@link #id()} and
     * {@link #path()} name the connection in the warning.
     */
    abstract static class Watch {
        /** Hears each callback's duration and blocked callbacks; null: no listener, no clock read for it. */
        final WebSockEvents.Connection events;
        private Thread thread;          // published by the volatile write of since
        private volatile long since;
        private long warned;            // sweep thread only: the episode (since) already reported
        private long started;           // thread running the callback only, when events is set
        private int running;            // thread running the callback only, when events is set

        Watch(WebSockEvents.Connection events) {
            this.events = events;
        }

        abstract String id();

        abstract String path();

        /** The connection's {@code blockedWarning} in nanoseconds (read from its options: one field fewer). */
        abstract long thresholdNanos();

        /** The thread about to run {@code callback}. */
        void enter(int callback) {
            if (thresholdNanos() > 0) {
                thread = Thread.currentThread();
                since = (System.nanoTime() & ~CALLBACK_BITS) | callback;
            }
            if (events != null) {
                running = callback;
                started = System.nanoTime();
            }
        }

        /** The callback returned or threw. */
        void exit() {
            if (thresholdNanos() > 0) {
                since = 0;
            }
            if (events != null) {
                events.callbackCompleted(CALLBACKS[running], System.nanoTime() - started);
            }
        }

        final void check(long now) {
            long s = since;
            if (s == 0 || s == warned || now - (s & ~CALLBACK_BITS) < thresholdNanos()) {
                return;
            }
            Thread t = thread;
            StackTraceElement[] stack = t == null ? new StackTraceElement[0] : t.getStackTrace();
            VarHandle.loadLoadFence();
            if (since != s) {
                return; // the callback ended while we looked: its stack would be someone else's
            }
            warned = s;
            String callback = NAMES[(int) (s & CALLBACK_BITS)];
            long ms = TimeUnit.NANOSECONDS.toMillis(now - (s & ~CALLBACK_BITS));
            RunningStack where = new RunningStack("stack of thread \"" + t.getName() + "\" running " + callback
                    + " of connection " + id());
            where.setStackTrace(stack);
            LOG.log(System.Logger.Level.WARNING, "websock " + id() + ": " + callback + " on " + path()
                    + " has been running for " + ms + " ms (blockedWarning " + TimeUnit.NANOSECONDS.toMillis(thresholdNanos())
                    + " ms) on thread \"" + t.getName() + "\", which does nothing else meanwhile; logged once per"
                    + " callback. Its stack:", where);
            if (events != null) {
                events.blockedCallback(CALLBACKS[(int) (s & CALLBACK_BITS)], now - (s & ~CALLBACK_BITS));
            }
        }
    }

    /** Carries the blocked thread's stack into the log record; not an error of its own. */
    static final class RunningStack extends Throwable {
        private static final long serialVersionUID = 1L;

        RunningStack(String message) {
            super(message, null, false, true);
        }
    }
}
