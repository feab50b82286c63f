package io.websock.jakarta;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;

/**
 * The executor connections use when the options name none: the server's default
 * {@code ManagedExecutorService} when running inside a Jakarta EE server, else virtual threads when the
 * JVM has them (JDK 21+), else a shared pool of daemon threads.
 */
final class DefaultExecutor {

    private static final System.Logger LOG = System.getLogger("io.websock");

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
                int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
                LOG.log(System.Logger.Level.DEBUG, "websock: callbacks run on a pool of {0} daemon threads", parallelism);
                return new ForkJoinPool(parallelism, pool -> {
                    var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    t.setName("websock-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                }, null, true);
            }
        }
    }
}
