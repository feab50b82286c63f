package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * What handlers saw, recorded from the server side so a test can check it: the connections opened,
 * every {@code terminate} with its reason, and any overlap of two callbacks of one connection.
 */
final class Recorder {

    final Map<String, Connection> opened = new ConcurrentHashMap<>();
    final Map<String, List<CloseReason>> terminations = new ConcurrentHashMap<>();
    final Map<String, List<String>> events = new ConcurrentHashMap<>();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger callbacksAfterTerminate = new AtomicInteger();
    private final Map<String, AtomicInteger> inCallback = new ConcurrentHashMap<>();

    void opened(Connection c) {
        opened.put(c.id(), c);
    }

    /** Call at the start of every callback; pair with {@link #exit}. */
    void enter(String id, String event) {
        if (inCallback.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        if (terminations.containsKey(id)) {
            callbacksAfterTerminate.incrementAndGet();
        }
        events.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(event);
    }

    void exit(String id) {
        inCallback.get(id).decrementAndGet();
    }

    void terminated(String id, CloseReason reason) {
        // Add inside compute: a reader never sees the id with a still-empty list ("terminate ran 0 times").
        terminations.compute(id, (k, reasons) -> {
            List<CloseReason> r = reasons == null ? new CopyOnWriteArrayList<>() : reasons;
            r.add(reason);
            return r;
        });
    }

    /** The single connection opened so far (fails if there is not exactly one). */
    String onlyConnection() {
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10)).until(() -> opened.size() == 1);
        return opened.keySet().iterator().next();
    }

    /**
     * How long {@link #awaitTermination} keeps watching after the first {@code terminate}: a second one, or a
     * callback after it, that comes later than this is not seen (tests with timers watch longer themselves).
     */
    static final Duration QUIET = Duration.ofMillis(300);

    /**
     * Waits for {@code id}'s terminate and returns its reason, failing if {@code terminate} runs more than once
     * or any callback of the connection runs after it — checked at once and again throughout a quiet period
     * ({@link #QUIET}) afterwards, so a late second {@code terminate} or a stray callback is caught too.
     */
    CloseReason awaitTermination(String id) {
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10)).until(() -> terminations.containsKey(id));
        await("terminate exactly once and nothing after it, for " + QUIET.toMillis() + " ms, on " + id)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .during(QUIET).atMost(QUIET.plusSeconds(2))
                .untilAsserted(() -> assertTerminatedOnce(id));
        return terminations.get(id).get(0);
    }

    private void assertTerminatedOnce(String id) {
        List<CloseReason> reasons = terminations.get(id);
        if (reasons.size() != 1) {
            throw new AssertionError("terminate ran " + reasons.size() + " times for " + id + ": " + reasons);
        }
        List<String> seen = events.getOrDefault(id, List.of());
        int last = seen.size() - 1;
        if (last < 0 || !seen.get(last).startsWith("terminate") || seen.stream().filter(e -> e.startsWith("terminate")).count() != 1) {
            throw new AssertionError("callbacks of " + id + " after terminate: " + seen);
        }
    }
}
