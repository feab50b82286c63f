package io.websock.spi;

import org.junit.jupiter.api.Test;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bus failure policy shared by websock-redis and websock-jms: bounds, counts, one log line per outage. */
class ForwardingBudgetTest {

    /** A real System.Logger that keeps what it is given, formatted as the JDK's would. */
    static final class Recording implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + new MessageFormat(format, Locale.ROOT).format(params));
        }
    }

    private final Recording log = new Recording();

    @Test
    void refusesBeyondTheCountLimitAndCountsItAsDropped() {
        ForwardingBudget budget = new ForwardingBudget(2, 1_000, log, "broker");
        assertThat(budget.tryAcquire(10)).isTrue();
        assertThat(budget.tryAcquire(10)).isTrue();
        assertThat(budget.tryAcquire(10)).isFalse();
        assertThat(budget.pending()).isEqualTo(2);
        assertThat(budget.droppedCount()).isEqualTo(1);
        budget.release(10);
        assertThat(budget.tryAcquire(10)).isTrue();
    }

    @Test
    void refusesBeyondTheByteLimit() {
        ForwardingBudget budget = new ForwardingBudget(100, 25, log, "broker");
        assertThat(budget.tryAcquire(20)).isTrue();
        assertThat(budget.tryAcquire(10)).isFalse();
        assertThat(budget.tryAcquire(5)).isTrue();
        assertThat(budget.droppedCount()).isEqualTo(1);
        assertThat(log.lines).singleElement().asString()
                .startsWith("WARNING a publish could not be forwarded to broker (more than 100 publishes or 25 bytes");
    }

    @Test
    void logsOneWarningPerOutageAndTheCountWhenItEnds() {
        ForwardingBudget budget = new ForwardingBudget(10, 100, log, "redis://127.0.0.1:6379");
        budget.forwarded();
        for (int i = 0; i < 1_000; i++) {
            budget.dropped("connection refused");
        }
        budget.forwarded();
        budget.forwarded();
        budget.dropped("timeout");
        budget.forwarded();
        assertThat(log.lines).containsExactly(
                "WARNING a publish could not be forwarded to redis://127.0.0.1:6379 (connection refused); until "
                        + "forwarding works again, publishes reach this server's subscribers only and are counted as dropped",
                "INFO forwarding to redis://127.0.0.1:6379 resumed; 1,000 publishes were not forwarded to the other "
                        + "servers during the outage",
                "WARNING a publish could not be forwarded to redis://127.0.0.1:6379 (timeout); until "
                        + "forwarding works again, publishes reach this server's subscribers only and are counted as dropped",
                "INFO forwarding to redis://127.0.0.1:6379 resumed; 1 publishes were not forwarded to the other "
                        + "servers during the outage");
        assertThat(budget.forwardedCount()).isEqualTo(4);
        assertThat(budget.droppedCount()).isEqualTo(1_001);
    }

    @Test
    void afterCloseDropsAreCountedButNotLogged() {
        ForwardingBudget budget = new ForwardingBudget(10, 100, log, "broker");
        budget.close();
        budget.dropped("shutting down");
        assertThat(budget.droppedCount()).isEqualTo(1);
        assertThat(log.lines).isEmpty();
    }

    @Test
    void badLimitsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new ForwardingBudget(0, 100, log, "broker"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPending must be positive, got 0");
        assertThatThrownBy(() -> ForwardingBudget.requireMaxPendingBytes(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPendingBytes must be positive, got -5");
        assertThat(ForwardingBudget.requireMaxPending(7)).isEqualTo(7);
    }

    /** Many publisher threads against the limit: never more admitted at once than allowed, counts add up. */
    @Test
    void concurrentPublishersNeverExceedTheLimits() throws Exception {
        int limit = 8;
        ForwardingBudget budget = new ForwardingBudget(limit, 1L << 40, log, "broker");
        int threads = 8;
        int perThread = 20_000;
        AtomicInteger admittedNow = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicLong admitted = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        if (budget.tryAcquire(1)) {
                            int now = admittedNow.incrementAndGet();
                            maxSeen.accumulateAndGet(now, Math::max);
                            admitted.incrementAndGet();
                            admittedNow.decrementAndGet();
                            budget.release(1);
                            budget.forwarded();
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxSeen.get()).isLessThanOrEqualTo(limit);
        assertThat(admitted.get() + budget.droppedCount()).isEqualTo((long) threads * perThread);
        assertThat(budget.forwardedCount()).isEqualTo(admitted.get());
        assertThat(budget.pending()).isZero();
    }
}
