package io.websock;

/**
 * Named topics for the connections of one server — the Java form of {@code Phoenix.PubSub}: a connection
 * subscribes to topics (typically in {@link WebSock#init} or {@link WebSock#handleIn}), and
 * {@link #publish} from any thread delivers a message to the {@link WebSock#handleInfo} of every
 * subscriber. Obtained from the server (in the Jakarta bridge: {@code WebSockServer.topics()}).
 *
 * <p><b>Guarantees</b>
 * <ul>
 *   <li>Delivery goes through each subscriber's own mailbox, exactly like {@link Connection#send}: the
 *       one-callback-at-a-time rules hold, mailbox and outbound limits apply per connection, and the
 *       publishing thread never blocks on a slow subscriber and never runs a callback.</li>
 *   <li>A connection subscribed to a topic when {@code publish} starts, and still open when the message
 *       reaches its mailbox, gets the message exactly once (subscribing twice is the same as once).
 *       Subscriptions made or ended while a publish is running may or may not see that message.</li>
 *   <li>Messages published by one thread reach each subscriber in the order they were published.</li>
 *   <li>Subscriptions end with the connection: once its {@code terminate} has run, it is subscribed to
 *       nothing. Subscribing a connection that is already ending does nothing.</li>
 *   <li>One message object is handed to every subscriber; make it immutable. The cheapest fan-out is a
 *       pre-encoded {@link Frame} that the handler pushes unchanged ({@code Result.push((Frame) msg, s)}):
 *       frames are immutable and safe to share, so nothing is encoded or copied per subscriber.</li>
 * </ul>
 *
 * <p>Topic names are any non-null strings, compared exactly. Where publishes travel between servers is
 * decided by the server's {@link io.websock.spi.TopicBus} (in-JVM by default); the guarantees above are
 * those of the in-JVM bus, and the count returned by {@code publish} is always that of this server's
 * subscribers. Thread-safe.
 */
public interface Topics {

    /**
     * Subscribes {@code connection} to {@code topic}.
     *
     * @return {@code true} if it is now subscribed, {@code false} if the connection is ending or gone
     *         (then nothing changes)
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code connection} does not belong to this server
     */
    boolean subscribe(Connection connection, String topic);

    /**
     * Ends {@code connection}'s subscription to {@code topic}; messages already in its mailbox stay there.
     *
     * @return {@code true} if it was subscribed
     * @throws NullPointerException if an argument is null
     */
    boolean unsubscribe(Connection connection, String topic);

    /**
     * Delivers {@code message} to the {@link WebSock#handleInfo} of every subscriber of {@code topic}.
     * Publishing to a topic nobody subscribes to is not an error and returns 0.
     *
     * @return how many of this server's connections accepted the message into their mailbox
     * @throws NullPointerException if {@code topic} or {@code message} is null (nothing is published)
     */
    int publish(String topic, Object message);

    /** Number of this server's connections subscribed to {@code topic} now (0 for an unknown topic). */
    int subscribers(String topic);
}
