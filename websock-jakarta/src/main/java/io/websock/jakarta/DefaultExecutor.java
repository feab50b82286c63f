package io.websock.jakarta;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor connections use when the options name none: the server's default
 * {@code ManagedExecutorService} when running inside a Jakarta EE server, else virtual threads when the
 * JVM has them (JDK 21+), else a shared <b>elastic</b> pool of daemon platform threads.
 *
 * <p>The elastic pool is sized the way servlet containers size their worker pools: a task goes to an idle
 * thread when there is one, else a new thread {@code websock-N} is started for it, up to
 * {@value #DEFAULT_MAX_THREADS} threads (system property {@value #MAX_THREADS_PROPERTY}); a thread idle for
 * {@value #KEEP_ALIVE_SECONDS} s ends. So N callbacks that block cost N threads and nobody else's
 * progress. Past the cap, tasks wait in an unbounded FIFO queue until a thread is free: never rejected,
 * never lost — but then connections do wait for each other, as on any bounded pool.
 */
final class DefaultExecutor {

    private static final System.Logger LOG = System.getLogger("io.websock");
    /** System property overriding the elastic pool's cap (JDK 17–20 only). */
    static final String MAX_THREADS_PROPERTY = "websock.executor.maxThreads";
    static final int DEFAULT_MAX_THREADS = 1000;
    static final long KEEP_ALIVE_SECONDS = 60;

    private DefaultExecutor() {
    }

    /** Resolved on the caller's thread, which must carry the application's naming context to find the managed one. */
    static Executor resolve() {
        Executor managed = managedExecutor();
        return managed != null ? managed : Shared.EXECUTOR;
    }

    private static Executor managedExecutor() {
        try {
            Object found = new javax.naming.InitialContext().lookup("java:comp/DefaultManagedExecutorService");
            return found instanceof Executor e ? e : null;
        } catch (Exception | LinkageError noneHere) {
            return null; // not in a Jakarta EE server, or no naming at all: the platform default serves
        }
    }

    /** The cap from the system property's value; a bad value is logged, naming it, and the default serves. */
    static int maxThreads(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_MAX_THREADS;
        }
        try {
            int max = Integer.parseInt(property.trim());
            if (max > 0) {
                return max;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.log(System.Logger.Level.WARNING, "websock: ignoring -D" + MAX_THREADS_PROPERTY + "=\"" + property
                + "\" (must be a positive integer); using " + DEFAULT_MAX_THREADS);
        return DEFAULT_MAX_THREADS;
    }

    /**
     * A pool that starts a thread for a task when no thread is idle, up to {@code maxThreads}, and queues
     * (unbounded, FIFO) past that; idle threads end after {@code keepAlive}. A plain
     * {@link ThreadPoolExecutor} cannot do this by itself: it only grows past its core size when its queue
     * refuses a task, so the queue below refuses exactly when no idle thread took the task and the pool
     * may still grow.
     */
    static ThreadPoolExecutor elastic(int maxThreads, long keepAlive, TimeUnit unit) {
        HandOffQueue queue = new HandOffQueue();
        AtomicInteger numbers = new AtomicInteger();
        ClassLoader loader = DefaultExecutor.class.getClassLoader();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxThreads, keepAlive, unit, queue, task -> {
            Thread t = new Thread(task, "websock-" + numbers.getAndIncrement());
            t.setDaemon(true);
            t.setContextClassLoader(loader); // not whichever loader the thread that happened to start it had
            return t;
        }, (task, executor) -> {
            if (executor.isShutdown()) {
                throw new RejectedExecutionException("websock executor is shut down");
            }
            queue.enqueue(task); // lost the race for the last thread: wait in line
            if (executor.getPoolSize() == 0 && queue.remove(task)) {
                executor.execute(task); // every thread ended meanwhile: start one again
            }
        });
        queue.pool = pool;
        return pool;
    }

    /** Hands a task to an idle thread; refuses it (so the pool starts a thread) while the pool may grow. */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private volatile ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            if (tryTransfer(task)) {
                return true; // an idle thread, waiting in poll(), took it
            }
            ThreadPoolExecutor p = pool;
            if (p != null && p.getPoolSize() < p.getMaximumPoolSize()) {
                return false; // no idle thread: the pool starts one for this task
            }
            return super.offer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }

    /**
     * The library's own pool (virtual threads, or the elastic daemon pool), whatever executor the connections
     * use: for blocking control writes (pings, pongs) that must neither wait for an executor that blocked
     * callbacks may hold (a managed pool of a few threads, a user's single thread) nor block the shared timer.
     */
    static Executor shared() {
        return Shared.EXECUTOR;
    }

    /** Created on first use only, so an application that brings its own executor starts no threads. */
    private static final class Shared {
        static final Executor EXECUTOR = create();

        private static Executor create() {
            try {
                // Thread.ofVirtual().name("websock-", 0).factory(), looked up reflectively: compiled for Java 17.
                Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
                builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, "websock-", 0L);
                ThreadFactory factory = (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
                var newPerTask = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                        "newThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class, ThreadFactory.class));
                Executor virtual = (Executor) newPerTask.invoke(factory);
                LOG.log(System.Logger.Level.DEBUG, "websock: callbacks run on virtual threads");
                return virtual;
            } catch (Throwable noVirtualThreads) {
                int max = maxThreads(System.getProperty(MAX_THREADS_PROPERTY));
                LOG.log(System.Logger.Level.DEBUG, "websock: callbacks run on an elastic pool of up to {0} daemon threads", max);
                return elastic(max, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}
