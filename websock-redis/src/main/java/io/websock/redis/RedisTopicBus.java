package io.websock.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.websock.spi.ForwardingBudget;
import io.websock.spi.TopicBus;
import io.websock.spi.TopicCodec;
import io.websock.spi.TopicWire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TopicBus} on Redis pub/sub, through Lettuce: a publish on one server reaches the subscribers of
 * every server connected to the same Redis. Give it to the server:
 * {@code WebSockServer.create(RedisTopicBus.create("redis://127.0.0.1:6379"))}, or
 * {@code WebSockServer.of(servletContext, bus)}, or produce it as a CDI bean with websock-cdi.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li><b>Types.</b> Carries what its {@link TopicWire} carries: {@code String}, {@code byte[]},
 *       {@link io.websock.Frame}, and the types of the {@link TopicCodec}s given to the {@link Builder}.
 *       Anything else fails at {@link #publish} with {@link IllegalArgumentException} naming the type; then
 *       nothing is delivered or sent anywhere. Every server must have the same codecs.</li>
 *   <li><b>Local delivery</b> happens on the publisher's thread, before {@code publish} returns, whatever
 *       the state of Redis; the server's own publishes are delivered to its subscribers exactly once (the
 *       copy that comes back from Redis is recognised by this bus's node id and ignored).</li>
 *   <li><b>Remote delivery</b>: every other server gets each publish forwarded while Redis is reachable, at
 *       most once, and hands it to its subscribers in the order each publishing thread published (per
 *       topic and across topics: one connection carries all of a server's publishes, numbered in the order
 *       they are sent, and one connection all of its subscriptions; a number not above the last one seen from
 *       that server — a command Lettuce re-sent after a reconnect — is dropped).</li>
 *   <li><b>Failure policy.</b> {@code publish} never blocks on the network and never waits for Redis.
 *       Forwarding is bounded: at most {@link Builder#maxPending} publishes and
 *       {@link Builder#maxPendingBytes} bytes may be on their way to Redis at once; while Redis is
 *       unreachable (disconnected), or slower than that bound, or a send times out
 *       ({@link Builder#forwardTimeout}), the publish is still delivered locally but not forwarded, and is
 *       counted in {@link #dropped()}. The first such drop of an outage is logged once (WARNING, logger
 *       {@code io.websock.redis}); the first forward that succeeds afterwards ends the outage and logs how
 *       many were dropped (INFO). Lettuce reconnects by itself (backoff up to 2 s) and re-subscribes; no
 *       WebSocket connection is closed because of Redis. Receivers count what never reached them — including
 *       what Redis could not pass on while their own subscription was down, which the sender cannot know — in
 *       {@link #missed()}, from the gaps in each sender's numbering.</li>
 *   <li>Messages received from Redis are handed to the server's subscribers on Lettuce's I/O thread; the
 *       delivery never blocks, and the subscribers' mailbox limits apply to them as to local publishes.</li>
 * </ul>
 *
 * <p><b>Channels.</b> A topic {@code t} is published on the Redis channel {@code prefix + t} (prefix
 * {@code websock:} by default), and each server subscribes to the pattern {@code prefix*}: every server
 * receives every publish and drops those no local connection subscribes to. This needs one subscription
 * per server whatever the number of topics (see docs/decisions.md, "Redis bus: one pattern subscription").
 * Servers of different applications sharing one Redis need different prefixes.
 *
 * <p>Creating the bus connects to Redis; if Redis cannot be reached then, creation fails with an exception
 * naming the address (a server is not started with a bus that has never worked). Thread-safe.
 */
public final class RedisTopicBus implements TopicBus {

    private static final System.Logger LOG = System.getLogger("io.websock.redis");
    private static final int NODE_ID_BYTES = 16;
    /** Envelope: node id (16 bytes), the node's forward sequence number (8), then the {@link TopicWire} bytes. */
    private static final int HEADER_BYTES = NODE_ID_BYTES + 8;

    private final String address;
    private final String prefix;
    private final TopicWire wire;
    private final ForwardingBudget budget;
    private final byte[] nodeId;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Taken to number a forward and hand it to Lettuce together, so numbers rise in the order sent. */
    private final Object sendLock = new Object();
    private long sequence;
    /** Highest sequence number received from each other node (a node restarting gets a new id). */
    private final java.util.concurrent.ConcurrentHashMap<NodeKey, Long> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Delivery local;

    private record NodeKey(long high, long low) {
    }

    private RedisTopicBus(Builder b) {
        this.address = b.uri;
        this.prefix = b.prefix;
        this.wire = b.wire;
        this.budget = new ForwardingBudget(b.maxPending, b.maxPendingBytes, LOG, b.uri);
        UUID id = UUID.randomUUID();
        this.nodeId = ByteBuffer.allocate(NODE_ID_BYTES).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        RedisURI uri;
        try {
            uri = RedisURI.create(b.uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URI: \"" + b.uri + "\" (expected e.g. redis://127.0.0.1:6379): "
                    + e.getMessage(), e);
        }
        resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Disconnected: fail at once (counted as dropped) rather than queue for a replay of stale messages.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(Math.max(1024, b.maxPending * 2))
                .timeoutOptions(TimeoutOptions.enabled(b.forwardTimeout))
                .build());
        try {
            publisher = client.connect(ByteArrayCodec.INSTANCE);
            subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] pattern, byte[] channel, byte[] message) {
                    receive(channel, message);
                }
            });
            subscriber.sync().psubscribe((prefix + "*").getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            shutdownClient();
            throw new IllegalStateException("websock-redis: cannot connect to Redis at " + b.uri + ": " + e.getMessage(), e);
        }
    }

    /** A bus on the Redis at {@code uri} (e.g. {@code redis://127.0.0.1:6379}) with the defaults of {@link Builder}. */
    public static RedisTopicBus create(String uri) {
        return builder(uri).build();
    }

    /** A builder for a bus on the Redis at {@code uri} (e.g. {@code redis://127.0.0.1:6379}). */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    @Override
    public void attach(Delivery local) {
        Objects.requireNonNull(local, "local delivery");
        synchronized (this) {
            if (this.local != null) {
                throw new IllegalStateException("this Redis topic bus is already attached to a server");
            }
            this.local = local;
        }
    }

    /**
     * Delivers to this server's subscribers and forwards to the other servers through Redis (asynchronously).
     *
     * @throws IllegalArgumentException if the message's type cannot travel (nothing is delivered or sent then)
     * @throws IllegalStateException    if the bus is not attached to a server
     */
    @Override
    public int publish(String topic, Object message) {
        Objects.requireNonNull(topic, "topic must not be null");
        byte[] body = wire.encode(message); // first: a message that cannot travel reaches nobody
        Delivery d = local;
        if (d == null) {
            throw new IllegalStateException("the Redis topic bus is not attached to a server");
        }
        int count = d.deliver(topic, message);
        forward(topic, body);
        return count;
    }

    private void forward(String topic, byte[] body) {
        if (closed.get()) {
            return;
        }
        byte[] envelope = new byte[HEADER_BYTES + body.length];
        System.arraycopy(nodeId, 0, envelope, 0, NODE_ID_BYTES);
        System.arraycopy(body, 0, envelope, HEADER_BYTES, body.length);
        byte[] channel = (prefix + topic).getBytes(StandardCharsets.UTF_8);
        int size = envelope.length;
        if (!budget.tryAcquire(size)) {
            return;
        }
        RedisFuture<Long> sent;
        try {
            synchronized (sendLock) { // short: Lettuce only queues the command for its I/O thread
                ByteBuffer.wrap(envelope, NODE_ID_BYTES, 8).putLong(++sequence);
                sent = publisher.async().publish(channel, envelope);
            }
        } catch (RuntimeException e) {
            budget.release(size);
            budget.dropped(String.valueOf(e.getMessage()));
            return;
        }
        sent.whenComplete((receivers, error) -> {
            budget.release(size);
            if (error != null) {
                budget.dropped(String.valueOf(error.getMessage()));
            } else {
                budget.forwarded();
            }
        });
    }

    private void receive(byte[] channel, byte[] envelope) {
        if (envelope.length < HEADER_BYTES || Arrays.equals(envelope, 0, NODE_ID_BYTES, nodeId, 0, NODE_ID_BYTES)) {
            return; // our own publish, already delivered locally
        }
        ByteBuffer header = ByteBuffer.wrap(envelope, 0, HEADER_BYTES);
        NodeKey from = new NodeKey(header.getLong(), header.getLong());
        long number = header.getLong();
        Long previous = lastSeen.get(from);
        if (previous != null && number <= previous) {
            return; // sent again by Lettuce after a reconnect (it retries unacknowledged commands): seen already
        }
        lastSeen.put(from, number); // one subscriber connection: messages arrive on one thread, in order
        if (previous != null && number > previous + 1) {
            missed.addAndGet(number - previous - 1); // forwards of that server that never arrived here
        }
        Delivery d = local;
        if (d == null) {
            return;
        }
        String name = new String(channel, StandardCharsets.UTF_8);
        if (!name.startsWith(prefix)) {
            return;
        }
        String topic = name.substring(prefix.length());
        if (d.subscribers(topic) == 0) {
            return; // nobody here: skip the decoding
        }
        Object message;
        try {
            message = wire.decode(Arrays.copyOfRange(envelope, HEADER_BYTES, envelope.length));
        } catch (RuntimeException e) {
            if (undecodable.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, "websock-redis: a message on channel " + name
                        + " could not be decoded and was dropped (further ones are only counted)", e);
            }
            return;
        }
        received.incrementAndGet();
        d.deliver(topic, message);
    }

    /** Publishes forwarded to Redis (acknowledged by it) since the bus was created. */
    public long forwarded() {
        return budget.forwardedCount();
    }

    /** Publishes delivered locally but not forwarded to the other servers (Redis unreachable or too slow). */
    public long dropped() {
        return budget.droppedCount();
    }

    /** Messages from other servers handed to this server's subscribers. */
    public long received() {
        return received.get();
    }

    /**
     * Messages of other servers that never arrived here, as far as this server can tell: gaps in each sender's
     * numbering of its forwards (publishes it could not hand to Redis, or that Redis could not pass on while this
     * server's subscription was down). Counted when the next message from that sender arrives.
     */
    public long missed() {
        return missed.get();
    }

    /** Whether both connections to Redis are up now. */
    public boolean connected() {
        return publisher.isOpen() && subscriber.isOpen();
    }

    /** Closes the connections to Redis and their threads; publishes after this are delivered locally only. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            budget.close();
            try {
                subscriber.close();
                publisher.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "websock-redis: closing connections failed", e);
            }
            shutdownClient();
        }
    }

    private void shutdownClient() {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "websock-redis: client shutdown failed", e);
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisTopicBus[" + address + ", channels " + prefix + "*]";
    }

    /** Settings of a {@link RedisTopicBus}; {@link #build()} connects. Not thread-safe. */
    public static final class Builder {
        private final String uri;
        private String prefix = "websock:";
        private TopicWire wire = TopicWire.builtIn();
        private int maxPending = ForwardingBudget.DEFAULT_MAX_PENDING;
        private long maxPendingBytes = ForwardingBudget.DEFAULT_MAX_PENDING_BYTES;
        private Duration forwardTimeout = Duration.ofSeconds(5);

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "Redis URI must not be null");
        }

        /**
         * The channel prefix (default {@code websock:}); servers share topics only with the same prefix. No Redis
         * pattern characters ({@code * ? [ ] \}).
         */
        public Builder channelPrefix(String prefix) {
            Objects.requireNonNull(prefix, "channel prefix must not be null");
            for (char c : prefix.toCharArray()) {
                if ("*?[]\\".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("channel prefix \"" + prefix + "\" contains the Redis pattern "
                            + "character '" + c + "'");
                }
            }
            this.prefix = prefix;
            return this;
        }

        /** Codecs for message types beyond String, byte[] and Frame; every server needs the same ones. */
        public Builder codecs(TopicCodec... codecs) {
            this.wire = TopicWire.with(codecs);
            return this;
        }

        /** Publishes that may wait for Redis at once before further ones are dropped (default 10 000). */
        public Builder maxPending(int maxPending) {
            this.maxPending = ForwardingBudget.requireMaxPending(maxPending);
            return this;
        }

        /** Bytes that may wait for Redis at once before further publishes are dropped (default 16 MiB). */
        public Builder maxPendingBytes(long maxPendingBytes) {
            this.maxPendingBytes = ForwardingBudget.requireMaxPendingBytes(maxPendingBytes);
            return this;
        }

        /** How long a forward may wait for Redis's answer before it counts as dropped (default 5 s). */
        public Builder forwardTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "forward timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("forward timeout must be positive, got " + timeout);
            }
            this.forwardTimeout = timeout;
            return this;
        }

        /**
         * Connects to Redis and subscribes.
         *
         * @throws IllegalArgumentException if the URI is malformed
         * @throws IllegalStateException    if Redis cannot be reached, naming the address
         */
        public RedisTopicBus build() {
            return new RedisTopicBus(this);
        }
    }
}
