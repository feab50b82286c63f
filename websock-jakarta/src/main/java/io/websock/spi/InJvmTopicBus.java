package io.websock.spi;

import java.util.Objects;

/** {@link TopicBus#inJvm()}: delivers each publish to the local subscribers on the publisher's thread. */
final class InJvmTopicBus implements TopicBus {

    private volatile Delivery local;

    @Override
    public void attach(Delivery local) {
        Objects.requireNonNull(local, "local delivery");
        if (this.local != null) {
            throw new IllegalStateException("this in-JVM topic bus is already attached to a server");
        }
        this.local = local;
    }

    @Override
    public int publish(String topic, Object message) {
        Delivery d = local;
        if (d == null) {
            throw new IllegalStateException("the topic bus is not attached to a server");
        }
        return d.deliver(topic, message);
    }

    @Override
    public String toString() {
        return "TopicBus.inJvm()";
    }
}
