package io.websock.cdi;

import io.websock.spi.TopicBus;

import java.util.Objects;

/**
 * The bus of the server websock-cdi creates: the server exists before CDI has booted (it is created by the
 * servlet container initializer), the application's {@code TopicBus} bean only after. Until {@link #bind}
 * publishes are local; after, they go through the application's bus, which then gets this server's
 * delivery. Closing closes the bound bus.
 */
final class DeferredTopicBus implements TopicBus {

    private volatile Delivery local;
    private volatile TopicBus target;

    @Override
    public void attach(Delivery local) {
        this.local = Objects.requireNonNull(local, "local delivery");
    }

    /** From now on publishes go through {@code bus}, attached here to this server's delivery. */
    synchronized void bind(TopicBus bus) {
        if (target != null) {
            throw new IllegalStateException("the topic bus is already bound to " + target);
        }
        bus.attach(local);
        target = bus;
    }

    TopicBus target() {
        return target;
    }

    @Override
    public int publish(String topic, Object message) {
        TopicBus t = target;
        return t != null ? t.publish(topic, message) : local.deliver(topic, message);
    }

    @Override
    public void close() {
        TopicBus t = target;
        if (t != null) {
            try {
                t.close();
            } catch (Exception e) {
                System.getLogger("io.websock.cdi").log(System.Logger.Level.WARNING, "websock: closing the topic bus failed", e);
            }
        }
    }

    @Override
    public String toString() {
        TopicBus t = target;
        return t != null ? t.toString()
                : "websock-cdi's in-JVM bus (with websock-cdi, choose the bus by producing a TopicBus bean)";
    }
}
