package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Registry;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The {@link Registry} of one {@link WebSockServer}: its connection table by id (the server's own map, so
 * drain and shutdown see the same set) plus an index by endpoint path template.
 *
 * <p>A process is {@link #add added} in {@link ConnectionProcess#start()}, after its {@code init} event is
 * queued and before it can run, and {@link #remove removed} from {@code ConnectionProcess.finish} after
 * {@code terminate} has returned and before the process's end future completes. So an info message that a
 * broadcast puts in a mailbox always lands after {@code init}, and a listed process has not yet ended.
 *
 * <p>Fan-out cost: one {@link Event.Info} is allocated per broadcast and shared by every mailbox (it is
 * immutable), so reaching one more connection costs its mailbox node, two atomic counter updates and, when
 * that connection was idle, one executor hand-off — no copy, no encoding, no lock shared between
 * connections. The path index avoids scanning other endpoints' connections.
 */
final class ConnectionRegistry implements Registry {

    private final ConcurrentHashMap<String, ConnectionProcess<?>> byId;
    /**
     * A path's set exists while it has connections: created and removed atomically with its first and last
     * member (in {@code compute}), so paths that had connections once cost nothing afterwards.
     */
    private final ConcurrentHashMap<String, Set<ConnectionProcess<?>>> byPath = new ConcurrentHashMap<>();

    ConnectionRegistry(ConcurrentHashMap<String, ConnectionProcess<?>> byId) {
        this.byId = byId;
    }

    void add(ConnectionProcess<?> p) {
        byPath.compute(p.path(), (path, same) -> {
            Set<ConnectionProcess<?>> set = same != null ? same : ConcurrentHashMap.newKeySet();
            set.add(p);
            return set;
        });
        byId.put(p.id(), p);
    }

    void remove(ConnectionProcess<?> p) {
        byId.remove(p.id(), p);
        byPath.computeIfPresent(p.path(), (path, same) -> {
            same.remove(p);
            return same.isEmpty() ? null : same;
        });
    }

    /** For tests: how many paths have a set (every one of them has at least one connection). */
    int pathCount() {
        return byPath.size();
    }

    /** {@code true} if {@code p} is listed here (it belongs to this server and has not ended). */
    boolean listed(ConnectionProcess<?> p) {
        return byId.get(p.id()) == p;
    }

    @Override
    public Optional<Connection> lookup(String id) {
        Objects.requireNonNull(id, "id must not be null");
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Collection<Connection> connections(String path) {
        Objects.requireNonNull(path, "path must not be null");
        Set<ConnectionProcess<?>> same = byPath.get(path);
        return same == null ? List.of() : List.copyOf(same);
    }

    @Override
    public int count() {
        return byId.size();
    }

    @Override
    public int broadcast(String path, Object message) {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(message, "broadcast message must not be null");
        Set<ConnectionProcess<?>> same = byPath.get(path);
        return same == null ? 0 : deliver(same, message);
    }

    @Override
    public int broadcast(Predicate<? super Connection> filter, Object message) {
        Objects.requireNonNull(filter, "filter must not be null");
        Objects.requireNonNull(message, "broadcast message must not be null");
        Event.Info info = new Event.Info(message, null);
        int reached = 0;
        for (ConnectionProcess<?> p : byId.values()) {
            if (filter.test(p) && p.offer(info)) {
                reached++;
            }
        }
        return reached;
    }

    /** Offers one shared info event to every process of {@code targets}; returns how many accepted it. */
    static int deliver(Iterable<ConnectionProcess<?>> targets, Object message) {
        Event.Info info = new Event.Info(message, null); // immutable: one instance serves every mailbox
        int reached = 0;
        for (ConnectionProcess<?> p : targets) {
            if (p.offer(info)) {
                reached++;
            }
        }
        return reached;
    }
}
