package io.websock.test;

import io.websock.Connection;
import io.websock.Topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The server's topics, recording what is published through them for {@link InJvmServer#expectPublished}. */
final class RecordingTopics implements Topics {

    private final Topics delegate;
    private final Map<String, List<Object>> published = new HashMap<>();
    private final Map<String, Integer> expected = new HashMap<>();

    RecordingTopics(Topics delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean subscribe(Connection connection, String topic) {
        return delegate.subscribe(connection, topic);
    }

    @Override
    public boolean unsubscribe(Connection connection, String topic) {
        return delegate.unsubscribe(connection, topic);
    }

    @Override
    public int publish(String topic, Object message) {
        Objects.requireNonNull(topic, "topic must not be null");
        Objects.requireNonNull(message, "message must not be null");
        synchronized (this) {
            published.computeIfAbsent(topic, t -> new ArrayList<>()).add(message);
        }
        return delegate.publish(topic, message);
    }

    @Override
    public int subscribers(String topic) {
        return delegate.subscribers(topic);
    }

    synchronized List<Object> published(String topic) {
        return List.copyOf(published.getOrDefault(topic, List.of()));
    }

    synchronized void expect(String topic, Object message) {
        List<Object> all = published.getOrDefault(topic, List.of());
        int next = expected.getOrDefault(topic, 0);
        if (next >= all.size()) {
            throw new AssertionError("expected a publish on topic \"" + topic + "\" of " + Describe.value(message)
                    + ", but nothing more was published there; published so far: " + Describe.values(all));
        }
        Object actual = all.get(next);
        if (!Objects.equals(actual, message)) {
            throw new AssertionError("expected the next publish on topic \"" + topic + "\" to be "
                    + Describe.value(message) + ", but it was " + Describe.value(actual) + "; published so far: "
                    + Describe.values(all));
        }
        expected.put(topic, next + 1);
    }
}
