package io.websock.cdi.probe;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What test beans report, for the test to check. Only JDK types, and never copied into a test WAR, so
 * a web application's classes (loaded by Tomcat's web application class loader) and the test share this
 * one class from the parent class loader.
 */
public final class Probe {

    private static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private Probe() {
    }

    public static void event(String event) {
        EVENTS.add(event);
    }

    public static List<String> events() {
        return List.copyOf(EVENTS);
    }

    public static List<String> events(String prefix) {
        return EVENTS.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    public static int increment(String counter) {
        return COUNTS.computeIfAbsent(counter, k -> new AtomicInteger()).incrementAndGet();
    }

    public static int count(String counter) {
        AtomicInteger c = COUNTS.get(counter);
        return c == null ? 0 : c.get();
    }

    /** A number never handed out before in this JVM. */
    public static int nextId() {
        return IDS.incrementAndGet();
    }

    public static void reset() {
        EVENTS.clear();
        COUNTS.clear();
    }
}
