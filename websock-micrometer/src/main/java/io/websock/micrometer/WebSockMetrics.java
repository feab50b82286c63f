package io.websock.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.websock.CloseReason;
import io.websock.spi.WebSockEvents;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters for a {@code WebSockServer}: bind it to a registry, then give it to the server.
 *
 * <pre>{@code
 * WebSockMetrics metrics = new WebSockMetrics();
 * metrics.bindTo(registry);
 * WebSockServer.of(servletContext).events(metrics);
 * }</pre>
 *
 * <p>The meters (tag {@code path} is always the endpoint's path template, such as {@code /chat/{room}}, never
 * the request path, so their number is bounded by the endpoints and the tag values listed):
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 *   <tr><td>{@code websock.connections.open}</td><td>gauge</td><td>path</td><td>connections open now</td></tr>
 *   <tr><td>{@code websock.connections.opened}</td><td>counter</td><td>path</td><td>connections opened</td></tr>
 *   <tr><td>{@code websock.connections.closed}</td><td>counter</td><td>path, code, reason</td><td>connections ended,
 *       by close code and {@link WebSockEvents#reasonTag reason}</td></tr>
 *   <tr><td>{@code websock.connection.duration}</td><td>timer</td><td>path</td><td>lifetime of ended connections</td></tr>
 *   <tr><td>{@code websock.messages}</td><td>counter</td><td>path, direction ({@code in}/{@code out}), type
 *       ({@code text}/{@code binary})</td><td>whole data messages received / handed to the container</td></tr>
 *   <tr><td>{@code websock.messages.bytes}</td><td>counter (bytes)</td><td>path, direction, type</td><td>their payload bytes</td></tr>
 *   <tr><td>{@code websock.callback.duration}</td><td>timer, percentile histogram</td><td>path, callback</td><td>time in
 *       {@code init}, {@code handleIn}, {@code handleControl}, {@code handleInfo}, {@code terminate}</td></tr>
 *   <tr><td>{@code websock.mailbox.depth}</td><td>distribution summary</td><td>path</td><td>info messages pending
 *       when one is queued (its max is the high-water mark)</td></tr>
 *   <tr><td>{@code websock.mailbox.overflows}</td><td>counter</td><td>path</td><td>connections ended by mailbox overflow (1013)</td></tr>
 *   <tr><td>{@code websock.slow.consumers}</td><td>counter</td><td>path</td><td>connections ended as slow consumers (1008)</td></tr>
 *   <tr><td>{@code websock.callbacks.blocked}</td><td>counter</td><td>path, callback</td><td>callbacks that ran past
 *       {@code blockedWarning}</td></tr>
 *   <tr><td>{@code websock.upgrades.refused}</td><td>counter</td><td>path, status, check</td><td>upgrades refused by the
 *       policy: check {@code validation}, {@code origin}, {@code subprotocol}, {@code upgrade_check}</td></tr>
 * </table>
 * In Prometheus format they read {@code websock_connections_open{path="/chat/{room}"}},
 * {@code websock_messages_total{direction="in",path="/chat/{room}",type="text"}}, and so on. Extra tags given to
 * the constructor go on every meter.
 *
 * <p>Meters of a path are created when its first connection opens (the gauge stays afterwards, at 0 when idle).
 * The per-message cost is one counter increment for the message and one for its bytes. Thread-safe. Events that
 * arrive before {@link #bindTo} are not counted.
 */
public final class WebSockMetrics implements MeterBinder, WebSockEvents {

    private final Tags common;
    private volatile MeterRegistry registry;
    private final ConcurrentHashMap<String, PathMeters> paths = new ConcurrentHashMap<>();

    /** Meters with no tags but their own. */
    public WebSockMetrics() {
        this(Tags.empty());
    }

    /** Meters that also carry {@code tags} (for example the application's name). */
    public WebSockMetrics(Iterable<Tag> tags) {
        this.common = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the meters with {@code registry} (lazily, per path, as connections open).
     *
     * @throws IllegalStateException if already bound to another registry
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (this.registry != null && this.registry != registry) {
            throw new IllegalStateException("WebSockMetrics is bound to " + this.registry
                    + " already; use a CompositeMeterRegistry for several registries");
        }
        this.registry = registry;
    }

    @Override
    public Connection connectionOpened(String path, String id) {
        MeterRegistry r = registry;
        if (r == null) {
            return null;
        }
        PathMeters meters = paths.computeIfAbsent(path, p -> new PathMeters(r, common.and("path", p)));
        meters.opened();
        return meters;
    }

    @Override
    public void upgradeRefused(String path, int status, Check check, long nanos) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("websock.upgrades.refused")
                    .description("WebSocket upgrades refused by the upgrade policy")
                    .tags(common).tag("path", path).tag("status", Integer.toString(status)).tag("check", check.tag())
                    .register(r).increment();
        }
    }

    /** The meters of one path template; shared by its connections, so it is also their event sink. */
    private static final class PathMeters implements Connection {
        private final MeterRegistry registry;
        private final Tags tags;
        private final AtomicLong open = new AtomicLong();
        private final Counter opened;
        private final Counter textIn, binaryIn, textOut, binaryOut;
        private final Counter textInBytes, binaryInBytes, textOutBytes, binaryOutBytes;
        private final Timer[] callbacks = new Timer[Callback.values().length];
        private final DistributionSummary mailbox;
        private final Timer lifetime;
        private final Counter overflows;
        private final Counter slowConsumers;

        PathMeters(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
            Gauge.builder("websock.connections.open", open, AtomicLong::get)
                    .description("WebSocket connections open now").tags(tags).register(registry);
            opened = Counter.builder("websock.connections.opened")
                    .description("WebSocket connections opened").tags(tags).register(registry);
            textIn = messages("in", "text");
            binaryIn = messages("in", "binary");
            textOut = messages("out", "text");
            binaryOut = messages("out", "binary");
            textInBytes = bytes("in", "text");
            binaryInBytes = bytes("in", "binary");
            textOutBytes = bytes("out", "text");
            binaryOutBytes = bytes("out", "binary");
            for (Callback c : Callback.values()) {
                callbacks[c.ordinal()] = Timer.builder("websock.callback.duration")
                        .description("Time spent in a handler callback").tags(tags).tag("callback", c.tag())
                        .publishPercentileHistogram().register(registry);
            }
            mailbox = DistributionSummary.builder("websock.mailbox.depth")
                    .description("Info messages pending in a connection's mailbox when one is queued")
                    .tags(tags).register(registry);
            lifetime = Timer.builder("websock.connection.duration")
                    .description("Lifetime of ended WebSocket connections").tags(tags).register(registry);
            overflows = Counter.builder("websock.mailbox.overflows")
                    .description("Connections ended by a mailbox overflow (1013)").tags(tags).register(registry);
            slowConsumers = Counter.builder("websock.slow.consumers")
                    .description("Connections ended as slow consumers (1008)").tags(tags).register(registry);
        }

        private Counter messages(String direction, String type) {
            return Counter.builder("websock.messages").description("WebSocket data messages")
                    .tags(tags).tag("direction", direction).tag("type", type).register(registry);
        }

        private Counter bytes(String direction, String type) {
            return Counter.builder("websock.messages.bytes").description("Payload bytes of WebSocket data messages")
                    .baseUnit(BaseUnits.BYTES).tags(tags).tag("direction", direction).tag("type", type).register(registry);
        }

        void opened() {
            open.incrementAndGet();
            opened.increment();
        }

        @Override
        public void messageIn(boolean text, int bytes) {
            if (text) {
                textIn.increment();
                textInBytes.increment(bytes);
            } else {
                binaryIn.increment();
                binaryInBytes.increment(bytes);
            }
        }

        @Override
        public void messageOut(boolean text, int bytes) {
            if (text) {
                textOut.increment();
                textOutBytes.increment(bytes);
            } else {
                binaryOut.increment();
                binaryOutBytes.increment(bytes);
            }
        }

        @Override
        public void callbackCompleted(Callback callback, long nanos) {
            callbacks[callback.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void mailboxDepth(int depth) {
            mailbox.record(depth);
        }

        @Override
        public void blockedCallback(Callback callback, long nanos) {
            Counter.builder("websock.callbacks.blocked").description("Callbacks that ran longer than blockedWarning")
                    .tags(tags).tag("callback", callback.tag()).register(registry).increment();
        }

        @Override
        public void mailboxOverflow() {
            overflows.increment();
        }

        @Override
        public void slowConsumer() {
            slowConsumers.increment();
        }

        @Override
        public void connectionClosed(int code, CloseReason reason, long lifetimeNanos) {
            open.decrementAndGet();
            Counter.builder("websock.connections.closed").description("WebSocket connections ended")
                    .tags(tags).tag("code", Integer.toString(code)).tag("reason", WebSockEvents.reasonTag(reason))
                    .register(registry).increment();
            lifetime.record(lifetimeNanos, TimeUnit.NANOSECONDS);
        }
    }
}
