package io.websock.jakarta;

import io.websock.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Info messages run on the platform default executor when the options name none: virtual threads on
 * a JVM that has them (21+), a pool of daemon threads before that. The build runs this suite on JDK 17
 * and, where installed, on Temurin 25, so both paths are exercised.
 */
class DefaultExecutorTest {

    @Test
    void info_callbacks_run_on_virtual_threads_where_the_jvm_has_them() throws Exception {
        CompletableFuture<Thread> infoThread = new CompletableFuture<>();
        // The message comes from a timer, well after init's run on the container thread has ended: an
        // info message sent while that run is still going would be handled by it, inline (docs/decisions.md).
        Scripted handler = new Scripted()
                .init(c -> {
                    c.sendAfter("hello", java.time.Duration.ofMillis(200));
                    return Result.ok(0);
                })
                .info((m, s) -> {
                    infoThread.complete(Thread.currentThread());
                    return Result.ok(s);
                });
        try (TestServer server = TestServer.start(TestServer.Kind.TYRUS, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            handler.recorder.onlyConnection();
            Thread thread = infoThread.get(10, TimeUnit.SECONDS);
            if (Runtime.version().feature() >= 21) {
                boolean virtual = (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
                assertThat(virtual).as("callback thread " + thread).isTrue();
            } else {
                assertThat(thread.isDaemon()).isTrue();
                assertThat(thread.getName()).startsWith("websock-");
            }
        }
    }

    /** A task that says it started, then blocks until released (or 10 s pass). */
    private static Runnable blocker(AtomicInteger started, AtomicInteger finished, CountDownLatch release) {
        return () -> {
            started.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        };
    }

    @Test
    @DisplayName("§2.4 elastic pool (JDK 17-20): N blocked tasks get N threads at once; idle threads are reused, then end")
    void elastic_pool_grows_with_blocked_tasks_reuses_idle_threads_and_shrinks() throws Exception {
        ThreadPoolExecutor pool = DefaultExecutor.elastic(100, 300, TimeUnit.MILLISECONDS);
        try {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 20; i++) {
                pool.execute(() -> threads.add(Thread.currentThread()));
                pool.execute(blocker(started, finished, release));
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(started).hasValue(20));
            assertThat(threads).allMatch(Thread::isDaemon).allMatch(t -> t.getName().matches("websock-\\d+"));
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(finished).hasValue(20));
            int largest = pool.getLargestPoolSize();
            assertThat(largest).as("threads for 20 blocked tasks (+ the quick ones that overlapped them)").isBetween(20, 40);

            // With idle threads waiting, new tasks go to them: one after another, they need no new thread.
            for (int i = 0; i < 50; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                pool.execute(() -> done.complete(null));
                done.get(5, TimeUnit.SECONDS);
            }
            assertThat(pool.getLargestPoolSize()).isEqualTo(largest);

            // Idle threads end after the keep-alive.
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.getPoolSize() == 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("§2.4 elastic pool past its cap: tasks wait in line, none is rejected or lost")
    void elastic_pool_queues_past_its_cap() throws Exception {
        ThreadPoolExecutor pool = DefaultExecutor.elastic(3, 60, TimeUnit.SECONDS);
        try {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 8; i++) {
                pool.execute(blocker(started, finished, release));
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(started).hasValue(3));
            assertThat(pool.getPoolSize()).isEqualTo(3);
            assertThat(pool.getQueue()).hasSize(5);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(finished).hasValue(8));
            assertThat(pool.getLargestPoolSize()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("§2.4 websock.executor.maxThreads: a positive integer, else the default (1000) with a warning naming the value")
    void max_threads_property() {
        assertThat(DefaultExecutor.maxThreads(null)).isEqualTo(1000);
        assertThat(DefaultExecutor.maxThreads(" 250 ")).isEqualTo(250);
        for (String bad : List.of("0", "-3", "lots")) {
            assertThat(DefaultExecutor.maxThreads(bad)).as(bad).isEqualTo(DefaultExecutor.DEFAULT_MAX_THREADS);
        }
    }
}
