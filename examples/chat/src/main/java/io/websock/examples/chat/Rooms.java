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
 * <p>This directory lives in one JVM. When rooms span servers ({@code chat.redis}), it also lists the members
 * of other servers it has heard a {@link ChatHandler.Here} from, until a given time after the last one (so a
 * member who left another server disappears here within a few intervals, not one).
 */
@ApplicationScoped
public class Rooms {

    private final Map<String, Map<String, String>> rooms = new ConcurrentHashMap<>();
    /** Members on other servers: room → user → when to forget them (System.nanoTime). */
    private final Map<String, Map<String, Long>> remote = new ConcurrentHashMap<>();
    private final String node = java.util.UUID.randomUUID().toString();

    /** This server's id in {@link ChatHandler.Here} messages. */
    public String node() {
        return node;
    }

    /** Lists {@code here}'s user in {@code room} for {@code ttl}, unless it is a member on this server. */
    public void seen(String room, ChatHandler.Here here, java.time.Duration ttl) {
        if (!here.node().equals(node)) {
            remote.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(here.user(), System.nanoTime() + ttl.toNanos());
        }
    }

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
        Map<String, Long> elsewhere = remote.get(room);
        if (elsewhere == null) {
            return members == null ? List.of() : members.values().stream().distinct().sorted().toList();
        }
        long now = System.nanoTime();
        elsewhere.values().removeIf(until -> until - now < 0);
        return java.util.stream.Stream.concat(members == null ? java.util.stream.Stream.empty() : members.values().stream(),
                elsewhere.keySet().stream()).distinct().sorted().toList();
    }
}
