package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Topics;
import io.websock.spi.TopicBus;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Topics} of one {@link WebSockServer}: the table of local subscriptions, and the
 * {@link TopicBus.Delivery} through which the server's bus hands publishes to them.
 *
 * <p><b>Invariants</b>
 * <ul>
 *   <li>{@link #subscribers} and {@link #topicsOf} always describe the same subscriptions: every change
 *       for one connection happens under that connection's stripe lock (connections on different
 *       stripes change in parallel; publishing takes no lock at all).</li>
 *   <li>No subscription outlives its connection: {@link #dropAll} runs (from
 *       {@code ConnectionProcess.finish}, via {@code WebSockServer.forget}) after the connection stopped
 *       being open, under its stripe lock; {@link #subscribe} checks {@code isOpen()} under the same lock
 *       before adding. So either the subscription was made first and is dropped, or it sees the connection
 *       closed and is refused.</li>
 *   <li>Empty subscriber sets and empty per-connection sets are removed, so the tables hold only live
 *       subscriptions.</li>
 * </ul>
 *
 * <p>Publishing iterates a concurrent set — each element present for the whole iteration is seen exactly
 * once — and offers one shared {@link Event.Info} to each subscriber's mailbox (see
 * {@link ConnectionRegistry#deliver}).
 */
final class LocalTopics implements Topics, TopicBus.Delivery {

    private static final int STRIPES = 64; // power of two

    private final ConnectionRegistry registry;
    private final TopicBus bus;
    private final ConcurrentHashMap<String, Set<ConnectionProcess<?>>> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ConnectionProcess<?>, Set<String>> topicsOf = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[STRIPES];
    private final AtomicBoolean busClosed = new AtomicBoolean();

    LocalTopics(ConnectionRegistry registry, TopicBus bus) {
        this.registry = registry;
        this.bus = bus;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
        bus.attach(this);
    }

    /** Closes the bus once (shutdown is idempotent); a failing bus is logged, never thrown. */
    void closeBus() {
        if (busClosed.compareAndSet(false, true)) {
            try {
                bus.close();
            } catch (Exception | LinkageError e) {
                System.getLogger("io.websock").log(System.Logger.Level.WARNING, "websock: closing the topic bus failed", e);
            }
        }
    }

    @Override
    public boolean subscribe(Connection connection, String topic) {
        Objects.requireNonNull(connection, "connection must not be null");
        Objects.requireNonNull(topic, "topic must not be null");
        if (!(connection instanceof ConnectionProcess<?> p)) {
            throw new IllegalArgumentException(connection + " is not a connection of this server");
        }
        synchronized (lock(p)) {
            if (!p.isOpen()) {
                return false; // ending or ended: its subscriptions are (being) dropped
            }
            if (!registry.listed(p)) {
                throw new IllegalArgumentException(connection + " is not a connection of this server");
            }
            topicsOf.computeIfAbsent(p, k -> ConcurrentHashMap.newKeySet()).add(topic);
            subscribers.compute(topic, (k, set) -> {
                Set<ConnectionProcess<?>> s = set != null ? set : ConcurrentHashMap.newKeySet();
                s.add(p);
                return s;
            });
            return true;
        }
    }

    @Override
    public boolean unsubscribe(Connection connection, String topic) {
        Objects.requireNonNull(connection, "connection must not be null");
        Objects.requireNonNull(topic, "topic must not be null");
        if (!(connection instanceof ConnectionProcess<?> p)) {
            return false;
        }
        synchronized (lock(p)) {
            Set<String> mine = topicsOf.get(p);
            if (mine == null || !mine.remove(topic)) {
                return false;
            }
            if (mine.isEmpty()) {
                topicsOf.remove(p);
            }
            removeSubscriber(topic, p);
            return true;
        }
    }

    @Override
    public int publish(String topic, Object message) {
        Objects.requireNonNull(topic, "topic must not be null");
        Objects.requireNonNull(message, "published message must not be null");
        return bus.publish(topic, message);
    }

    @Override
    public int subscribers(String topic) {
        Objects.requireNonNull(topic, "topic must not be null");
        Set<ConnectionProcess<?>> set = subscribers.get(topic);
        return set == null ? 0 : set.size();
    }

    // ---------------------------------------------------------------- TopicBus.Delivery

    @Override
    public int deliver(String topic, Object message) {
        Objects.requireNonNull(topic, "topic must not be null");
        Objects.requireNonNull(message, "message must not be null");
        Set<ConnectionProcess<?>> set = subscribers.get(topic);
        return set == null ? 0 : ConnectionRegistry.deliver(set, message);
    }

    // ---------------------------------------------------------------- for the server

    /** Ends every subscription of {@code p}; called once {@code p} is no longer open. */
    void dropAll(ConnectionProcess<?> p) {
        synchronized (lock(p)) {
            Set<String> mine = topicsOf.remove(p);
            if (mine != null) {
                for (String topic : mine) {
                    removeSubscriber(topic, p);
                }
            }
        }
    }

    /** Topics with at least one subscriber (tests: nothing left after the connections end). */
    int topicCount() {
        return subscribers.size();
    }

    /** The topics {@code p} is subscribed to now (tests). */
    Set<String> topicsOf(ConnectionProcess<?> p) {
        Set<String> mine = topicsOf.get(p);
        return mine == null ? Set.of() : Set.copyOf(mine);
    }

    /** Connections with at least one subscription (tests). */
    int subscribedConnectionCount() {
        return topicsOf.size();
    }

    private void removeSubscriber(String topic, ConnectionProcess<?> p) {
        subscribers.computeIfPresent(topic, (k, set) -> {
            set.remove(p);
            return set.isEmpty() ? null : set;
        });
    }

    private Object lock(ConnectionProcess<?> p) {
        return locks[System.identityHashCode(p) & (STRIPES - 1)];
    }
}
