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

    /** Waits for {@code id}'s terminate and returns its reason, failing if there is more than one. */
    CloseReason awaitTermination(String id) {
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10)).until(() -> terminations.containsKey(id));
        List<CloseReason> reasons = terminations.get(id);
        if (reasons.size() != 1) {
            throw new AssertionError("terminate ran " + reasons.size() + " times for " + id + ": " + reasons);
        }
        return reasons.get(0);
    }
}
