package io.websock.jms;

import io.websock.spi.ForwardingBudget;
import io.websock.spi.TopicBus;
import io.websock.spi.TopicCodec;
import io.websock.spi.TopicWire;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TopicBus} on one Jakarta Messaging 3.1 topic: a publish on one server reaches the subscribers of
 * every server whose bus uses the same JMS topic. In a Jakarta EE server use the server's own broker:
 *
 * <pre>{@code
 * @Resource(lookup = "java:/ConnectionFactory") ConnectionFactory factory;      // WildFly; see your server
 * @Resource(lookup = "java:/jms/topic/websock") Topic topic;
 * @Produces @ApplicationScoped TopicBus bus() { return JmsTopicBus.create(factory, topic); }
 * }</pre>
 * Outside one, give it any JMS 3.1 provider's {@code ConnectionFactory} and {@code Topic}.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li><b>Types.</b> Carries what its {@link TopicWire} carries: {@code String}, {@code byte[]},
 *       {@link io.websock.Frame}, and the types of the {@link TopicCodec}s given to the {@link Builder};
 *       anything else fails at {@link #publish} with {@link IllegalArgumentException} naming the type, and
 *       nothing is delivered or sent. Every server must have the same codecs.</li>
 *   <li><b>Local delivery</b> happens on the publisher's thread before {@code publish} returns, whatever
 *       the state of the broker; the server's own publishes are never delivered again from the broker (its
 *       consumer selects only other servers' messages by a node id).</li>
 *   <li><b>Remote delivery</b>: each publish is sent once, non-persistent, by one sender thread in the order
 *       {@code publish} was called, and received by one consumer thread per server, so each publishing thread's
 *       messages reach every other server in order. Messages all travel on the one JMS topic; the websock topic
 *       is a message property.</li>
 *   <li><b>Failure policy.</b> {@code publish} never blocks: it only queues the message for the sender thread,
 *       at most {@link Builder#maxPending} messages and {@link Builder#maxPendingBytes} bytes; beyond that, and
 *       while the broker cannot be reached, publishes are delivered locally only and counted in
 *       {@link #dropped()}. The first drop of an outage is logged once (WARNING, logger {@code io.websock.jms}),
 *       the first successful send afterwards logs the count (INFO). Both threads reconnect by themselves (backoff
 *       up to 2 s); no WebSocket connection is closed because of the broker.</li>
 *   <li>The bus uses the JMS API a Jakarta EE web container allows: two connections with one session each, a
 *       synchronous {@code receive} loop (no {@code MessageListener}, no {@code ExceptionListener}). Its two
 *       threads come from {@link Builder#threadFactory} (pass the server's {@code ManagedThreadFactory} in EE).</li>
 * </ul>
 * Thread-safe.
 */
public final class JmsTopicBus implements TopicBus {

    /** Message property carrying the websock topic. */
    static final String TOPIC_PROPERTY = "websockTopic";
    /** Message property carrying the sending server's node id. */
    static final String NODE_PROPERTY = "websockNode";
    private static final System.Logger LOG = System.getLogger("io.websock.jms");
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final ConnectionFactory factory;
    private final Topic topic;
    private final TopicWire wire;
    private final ForwardingBudget budget;
    private final ThreadFactory threads;
    private final String nodeId = UUID.randomUUID().toString();

    private final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Delivery local;
    private volatile boolean receiving;
    private Thread sender;
    private Thread receiver;

    private record Outgoing(String topic, byte[] body) {
    }

    private JmsTopicBus(Builder b) {
        this.factory = b.factory;
        this.topic = b.topic;
        this.wire = b.wire;
        this.budget = new ForwardingBudget(b.maxPending, b.maxPendingBytes, LOG, "JMS topic " + b.topic);
        this.threads = b.threads;
    }

    /** A bus on {@code topic} of the broker behind {@code factory}, with the defaults of {@link Builder}. */
    public static JmsTopicBus create(ConnectionFactory factory, Topic topic) {
        return builder(factory, topic).build();
    }

    /** A builder for a bus on {@code topic} of the broker behind {@code factory}. */
    public static Builder builder(ConnectionFactory factory, Topic topic) {
        return new Builder(factory, topic);
    }

    /** Attaches to the server and starts the sender and receiver threads. */
    @Override
    public synchronized void attach(Delivery local) {
        Objects.requireNonNull(local, "local delivery");
        if (this.local != null) {
            throw new IllegalStateException("this JMS topic bus is already attached to a server");
        }
        if (closed.get()) {
            throw new IllegalStateException("this JMS topic bus is closed");
        }
        this.local = local;
        sender = threads.newThread(this::sendLoop);
        receiver = threads.newThread(this::receiveLoop);
        sender.setName("websock-jms-sender");
        receiver.setName("websock-jms-receiver");
        sender.setDaemon(true);
        receiver.setDaemon(true);
        sender.start();
        receiver.start();
    }

    /**
     * Delivers to this server's subscribers and queues the message for the other servers.
     *
     * @throws IllegalArgumentException if the message's type cannot travel (nothing is delivered or sent then)
     * @throws IllegalStateException    if the bus is not attached to a server
     */
    @Override
    public int publish(String topicName, Object message) {
        Objects.requireNonNull(topicName, "topic must not be null");
        byte[] body = wire.encode(message); // first: a message that cannot travel reaches nobody
        Delivery d = local;
        if (d == null) {
            throw new IllegalStateException("the JMS topic bus is not attached to a server");
        }
        int count = d.deliver(topicName, message);
        if (!closed.get() && budget.tryAcquire(body.length)) {
            queue.add(new Outgoing(topicName, body));
        }
        return count;
    }

    private void sendLoop() {
        Connection connection = null;
        Session session = null;
        MessageProducer producer = null;
        long backoff = 50;
        long nextAttempt = 0;
        while (!closed.get()) {
            Outgoing out;
            try {
                out = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (out == null) {
                continue;
            }
            try {
                if (producer == null) {
                    if (System.nanoTime() - nextAttempt < 0) {
                        budget.dropped("not connected");
                        continue;
                    }
                    try {
                        connection = factory.createConnection();
                        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        producer = session.createProducer(topic);
                        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                        producer.setDisableMessageID(true);
                        producer.setDisableMessageTimestamp(true);
                        backoff = 50;
                    } catch (JMSException | RuntimeException e) {
                        closeQuietly(connection);
                        connection = null;
                        session = null;
                        producer = null;
                        nextAttempt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
                        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                        budget.dropped(String.valueOf(e.getMessage()));
                        continue;
                    }
                }
                try {
                    BytesMessage message = session.createBytesMessage();
                    message.writeBytes(out.body());
                    message.setStringProperty(TOPIC_PROPERTY, out.topic());
                    message.setStringProperty(NODE_PROPERTY, nodeId);
                    producer.send(message);
                    budget.forwarded();
                } catch (JMSException | RuntimeException e) {
                    closeQuietly(connection);
                    connection = null;
                    session = null;
                    producer = null;
                    budget.dropped(String.valueOf(e.getMessage()));
                }
            } finally {
                budget.release(out.body().length);
            }
        }
        closeQuietly(connection);
    }

    private void receiveLoop() {
        long backoff = 50;
        while (!closed.get()) {
            Connection connection = null;
            try {
                connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(topic, NODE_PROPERTY + " <> '" + nodeId + "'");
                connection.start();
                receiving = true;
                backoff = 50;
                while (!closed.get()) {
                    Message m = consumer.receive(500);
                    if (m != null) {
                        handle(m);
                    }
                }
            } catch (JMSException | RuntimeException e) {
                if (!closed.get()) {
                    LOG.log(System.Logger.Level.DEBUG, "websock-jms: receiving from " + topic + " failed; reconnecting", e);
                }
            } finally {
                receiving = false;
                closeQuietly(connection);
            }
            if (!closed.get()) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void handle(Message m) {
        try {
            String topicName = m.getStringProperty(TOPIC_PROPERTY);
            if (topicName == null || nodeId.equals(m.getStringProperty(NODE_PROPERTY)) || !(m instanceof BytesMessage b)) {
                return;
            }
            Delivery d = local;
            if (d.subscribers(topicName) == 0) {
                return;
            }
            byte[] body = new byte[(int) b.getBodyLength()];
            b.readBytes(body);
            Object message = wire.decode(body);
            received.incrementAndGet();
            d.deliver(topicName, message);
        } catch (JMSException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "websock-jms: a message from " + topic + " could not be read and was dropped", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "websock-jms: closing a connection failed", e);
            }
        }
    }

    /** Publishes sent to the broker since the bus was created. */
    public long forwarded() {
        return budget.forwardedCount();
    }

    /** Publishes delivered locally but not sent to the other servers (broker unreachable or too slow). */
    public long dropped() {
        return budget.droppedCount();
    }

    /** Messages from other servers handed to this server's subscribers. */
    public long received() {
        return received.get();
    }

    /** Whether the receiving side is connected to the broker now (messages of other servers can arrive). */
    public boolean receiving() {
        return receiving;
    }

    /** Stops both threads and closes their connections (waiting up to 5 s); idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            budget.close();
            for (Thread t : new Thread[] {sender, receiver}) {
                if (t != null) {
                    try {
                        t.join(Duration.ofSeconds(5).toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "JmsTopicBus[" + topic + "]";
    }

    /** Settings of a {@link JmsTopicBus}. Not thread-safe. */
    public static final class Builder {
        private final ConnectionFactory factory;
        private final Topic topic;
        private TopicWire wire = TopicWire.builtIn();
        private int maxPending = ForwardingBudget.DEFAULT_MAX_PENDING;
        private long maxPendingBytes = ForwardingBudget.DEFAULT_MAX_PENDING_BYTES;
        private ThreadFactory threads = Thread::new;

        private Builder(ConnectionFactory factory, Topic topic) {
            this.factory = Objects.requireNonNull(factory, "JMS connection factory must not be null");
            this.topic = Objects.requireNonNull(topic, "JMS topic must not be null");
        }

        /** Codecs for message types beyond String, byte[] and Frame; every server needs the same ones. */
        public Builder codecs(TopicCodec... codecs) {
            this.wire = TopicWire.with(codecs);
            return this;
        }

        /** Publishes that may wait for the sender thread before further ones are dropped (default 10 000). */
        public Builder maxPending(int maxPending) {
            this.maxPending = ForwardingBudget.requireMaxPending(maxPending);
            return this;
        }

        /** Bytes that may wait for the sender thread before further publishes are dropped (default 16 MiB). */
        public Builder maxPendingBytes(long maxPendingBytes) {
            this.maxPendingBytes = ForwardingBudget.requireMaxPendingBytes(maxPendingBytes);
            return this;
        }

        /** Where the sender and receiver threads come from (default: new daemon threads); in EE a {@code ManagedThreadFactory}. */
        public Builder threadFactory(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "thread factory must not be null");
            return this;
        }

        /** The bus; it connects when attached to a server. */
        public JmsTopicBus build() {
            return new JmsTopicBus(this);
        }
    }
}
