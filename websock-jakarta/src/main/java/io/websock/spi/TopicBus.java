package io.websock.spi;

/**
 * The seam between {@link io.websock.Topics} and whatever carries publishes: the in-JVM bus
 * ({@link #inJvm()}, the default) delivers to this server's subscribers only; an adapter built on a
 * message engine (Jakarta Messaging, Redis, …) carries each publish to every server of the application,
 * each of which hands it to its own subscribers.
 *
 * <p><b>Contract for an implementation</b>
 * <ol>
 *   <li>{@link #attach} is called once, by the server that owns the bus, before any {@link #publish}.
 *       The {@link Delivery} it receives hands a message to this server's subscribers of a topic; it is
 *       thread-safe, never blocks and returns how many subscribers accepted the message.</li>
 *   <li>{@link #publish} is called on the publisher's thread with a non-null topic and message. It must
 *       deliver locally (normally by calling the {@code Delivery} before returning, so a server always sees
 *       its own publishes and {@code Topics.publish} can report the local count) and forward the message to
 *       the other servers, which call their own {@code Delivery} when it arrives. It must not block the
 *       caller on the network: forward asynchronously. It returns the local count.</li>
 *   <li>Order: messages published by one thread must reach each server's {@code Delivery} in the order
 *       published (per topic at least), so that each subscriber sees them in that order.</li>
 *   <li>Messages that leave the JVM must be serialised by the adapter; which message types it accepts is
 *       the adapter's contract, to be documented there. The in-JVM bus accepts any object. Adapters should
 *       use {@link TopicWire} (String, byte[], {@link io.websock.Frame} and the application's
 *       {@link TopicCodec}s) and encode before delivering locally, so that a message that cannot travel
 *       fails the {@code publish} call and reaches no server at all.</li>
 *   <li>{@link #close} is called once when the server shuts down, after its connections have ended.</li>
 * </ol>
 * An adapter that wants to listen only to topics with local subscribers can ask
 * {@link Delivery#subscribers(String)}; adapters should otherwise subscribe to a channel pattern for all topics.
 */
public interface TopicBus extends AutoCloseable {

    /** Hands messages to this server's subscribers. Implemented by the server; thread-safe. */
    interface Delivery {
        /**
         * Hands {@code message} to the mailbox of every local subscriber of {@code topic}.
         *
         * @return how many accepted it (0 when nobody here subscribes)
         */
        int deliver(String topic, Object message);

        /** Number of local subscribers of {@code topic} now. */
        int subscribers(String topic);
    }

    /** Connects the bus to the server's local subscribers; called once, before any publish. */
    void attach(Delivery local);

    /**
     * Publishes {@code message} on {@code topic}: to the local subscribers and, for a distributed bus,
     * to the other servers (asynchronously).
     *
     * @return the number of local subscribers that accepted it
     */
    int publish(String topic, Object message);

    /** Stops carrying messages; called once at server shutdown. The default does nothing. */
    @Override
    default void close() {
    }

    /** The default bus: publishes reach the subscribers of this server only, synchronously, in publish order. */
    static TopicBus inJvm() {
        return new InJvmTopicBus();
    }
}
