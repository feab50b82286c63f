package io.websock.examples.chat;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which room: connection id → user name, per room. Connections join in {@code init} and leave
 * in {@code terminate} (which the bridge runs exactly once on every path, so no entry outlives its
 * connection). Thread-safe; an empty room is removed.
 *
 * <p>This directory lives in one JVM. Behind several servers, keep it where they all see it, or make it
 * heartbeat-based: each connection publishes "still here" to its room topic every interval and drops names
 * not heard from for a few intervals.
 */
@ApplicationScoped
public class Rooms {

    private final Map<String, Map<String, String>> rooms = new ConcurrentHashMap<>();

    /** Lists {@code user} (connection {@code connectionId}) in {@code room}. */
    public void join(String room, String connectionId, String user) {
        rooms.compute(room, (r, members) -> {
            Map<String, String> m = members == null ? new ConcurrentHashMap<>() : members;
            m.put(connectionId, user);
            return m;
        });
    }

    /** Removes connection {@code connectionId} from {@code room}. */
    public void leave(String room, String connectionId) {
        rooms.computeIfPresent(room, (r, members) -> {
            members.remove(connectionId);
            return members.isEmpty() ? null : members;
        });
    }

    /** The distinct user names in {@code room} now, sorted (a user with two tabs open is listed once). */
    public List<String> roster(String room) {
        Map<String, String> members = rooms.get(room);
        return members == null ? List.of() : members.values().stream().distinct().sorted().toList();
    }
}
