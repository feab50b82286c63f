package io.websock.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.websock.CloseReason;
import io.websock.spi.WebSockEvents;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry metrics and spans for a {@code WebSockServer}, on the OpenTelemetry API alone, so a
 * MicroProfile Telemetry server (Open Liberty, WildFly, Payara) or an application's SDK exports them:
 *
 * <pre>{@code
 * WebSockServer.of(servletContext).events(WebSockTelemetry.create(openTelemetry));
 * }</pre>
 *
 * <p>Metrics (instrumentation scope {@code io.websock}; attribute {@code path} is always the endpoint's path
 * template, never the request path), named as {@code websock-micrometer}'s meters:
 * {@code websock.connections.open} (up-down counter), {@code websock.connections.opened},
 * {@code websock.connections.closed} (attributes {@code code}, {@code reason}), {@code websock.messages} and
 * {@code websock.messages.bytes} (unit {@code By}; {@code direction} {@code in}/{@code out}, {@code type}
 * {@code text}/{@code binary}), {@code websock.callback.duration} (histogram, unit {@code s}; {@code callback}),
 * {@code websock.connection.duration} (histogram, {@code s}), {@code websock.mailbox.depth} (histogram),
 * {@code websock.mailbox.overflows}, {@code websock.slow.consumers}, {@code websock.callbacks.blocked}
 * ({@code callback}) and {@code websock.upgrades.refused} ({@code status}, {@code check}).
 *
 * <p>Spans: one per upgrade decided by the library's upgrade policy, named {@code WebSocket upgrade <path>}, a
 * child of the current context (the HTTP server span, where the server traces requests), with
 * {@code url.template}, {@code http.response.status_code} (101 when admitted, else the refusal's status) and,
 * for a refusal, {@code websock.check} and status ERROR. Optionally ({@link Builder#callbackSpans}, off by
 * default: one span per message is a lot) one internal span per callback, {@code websock <callback> <path>},
 * with {@code websock.connection.id}.
 *
 * <p>Thread-safe; instruments and attribute sets are resolved once per path template.
 */
public final class WebSockTelemetry implements WebSockEvents {

    /** Instrumentation scope name of the meter and the tracer. */
    public static final String SCOPE = "io.websock";

    private static final AttributeKey<String> PATH = AttributeKey.stringKey("path");
    private static final AttributeKey<String> CODE = AttributeKey.stringKey("code");
    private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    private static final AttributeKey<String> CHECK = AttributeKey.stringKey("check");
    private static final AttributeKey<String> CALLBACK = AttributeKey.stringKey("callback");
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
    private static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> SPAN_CHECK = AttributeKey.stringKey("websock.check");
    private static final AttributeKey<String> CONNECTION_ID = AttributeKey.stringKey("websock.connection.id");

    private final Tracer tracer;
    private final boolean callbackSpans;
    private final LongUpDownCounter open;
    private final LongCounter opened;
    private final LongCounter closed;
    private final LongCounter messages;
    private final LongCounter bytes;
    private final DoubleHistogram callbackDuration;
    private final DoubleHistogram connectionDuration;
    private final LongHistogram mailboxDepth;
    private final LongCounter overflows;
    private final LongCounter slowConsumers;
    private final LongCounter blocked;
    private final LongCounter refused;
    private final ConcurrentHashMap<String, PathInstruments> paths = new ConcurrentHashMap<>();

    private WebSockTelemetry(Builder b) {
        Meter meter = b.openTelemetry.getMeter(SCOPE);
        tracer = b.openTelemetry.getTracer(SCOPE);
        callbackSpans = b.callbackSpans;
        open = meter.upDownCounterBuilder("websock.connections.open").setDescription("WebSocket connections open now").build();
        opened = meter.counterBuilder("websock.connections.opened").setDescription("WebSocket connections opened").build();
        closed = meter.counterBuilder("websock.connections.closed").setDescription("WebSocket connections ended").build();
        messages = meter.counterBuilder("websock.messages").setDescription("WebSocket data messages").build();
        bytes = meter.counterBuilder("websock.messages.bytes").setUnit("By")
                .setDescription("Payload bytes of WebSocket data messages").build();
        callbackDuration = meter.histogramBuilder("websock.callback.duration").setUnit("s")
                .setDescription("Time spent in a handler callback").build();
        connectionDuration = meter.histogramBuilder("websock.connection.duration").setUnit("s")
                .setDescription("Lifetime of ended WebSocket connections").build();
        mailboxDepth = meter.histogramBuilder("websock.mailbox.depth").ofLongs()
                .setDescription("Info messages pending in a connection's mailbox when one is queued").build();
        overflows = meter.counterBuilder("websock.mailbox.overflows")
                .setDescription("Connections ended by a mailbox overflow (1013)").build();
        slowConsumers = meter.counterBuilder("websock.slow.consumers")
                .setDescription("Connections ended as slow consumers (1008)").build();
        blocked = meter.counterBuilder("websock.callbacks.blocked")
                .setDescription("Callbacks that ran longer than blockedWarning").build();
        refused = meter.counterBuilder("websock.upgrades.refused")
                .setDescription("WebSocket upgrades refused by the upgrade policy").build();
    }

    /** Metrics and upgrade spans on {@code openTelemetry}; no callback spans. */
    public static WebSockTelemetry create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /** A builder for metrics and spans on {@code openTelemetry}. */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    /** Options of a {@link WebSockTelemetry}. Not thread-safe. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean callbackSpans;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /** One span per callback run (default false). */
        public Builder callbackSpans(boolean on) {
            this.callbackSpans = on;
            return this;
        }

        /** The listener, to give to {@code WebSockServer.events}. */
        public WebSockTelemetry build() {
            return new WebSockTelemetry(this);
        }
    }

    @Override
    public void upgradeAdmitted(String path, long nanos) {
        upgradeSpan(path, nanos).setAttribute(HTTP_STATUS, 101L).end();
    }

    @Override
    public void upgradeRefused(String path, int status, Check check, long nanos) {
        refused.add(1, Attributes.of(PATH, path, STATUS, Integer.toString(status), CHECK, check.tag()));
        upgradeSpan(path, nanos).setAttribute(HTTP_STATUS, (long) status).setAttribute(SPAN_CHECK, check.tag())
                .setStatus(StatusCode.ERROR, "refused by " + check.tag()).end();
    }

    private Span upgradeSpan(String path, long nanos) {
        return tracer.spanBuilder("WebSocket upgrade " + path).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(startOf(nanos)).setAttribute(URL_TEMPLATE, path).startSpan();
    }

    private static Instant startOf(long nanos) {
        return Instant.now().minusNanos(nanos);
    }

    @Override
    public Connection connectionOpened(String path, String id) {
        PathInstruments p = paths.computeIfAbsent(path, PathInstruments::new);
        open.add(1, p.path);
        opened.add(1, p.path);
        return callbackSpans ? new Traced(p, id) : p;
    }

    /** The attribute sets of one path template, shared by its connections, which report to it. */
    private class PathInstruments implements Connection {
        final String template;
        final Attributes path;
        final Attributes textIn, binaryIn, textOut, binaryOut;
        final Attributes[] callbacks = new Attributes[Callback.values().length];

        PathInstruments(String template) {
            this.template = template;
            path = Attributes.of(PATH, template);
            textIn = Attributes.of(PATH, template, DIRECTION, "in", TYPE, "text");
            binaryIn = Attributes.of(PATH, template, DIRECTION, "in", TYPE, "binary");
            textOut = Attributes.of(PATH, template, DIRECTION, "out", TYPE, "text");
            binaryOut = Attributes.of(PATH, template, DIRECTION, "out", TYPE, "binary");
            for (Callback c : Callback.values()) {
                callbacks[c.ordinal()] = Attributes.of(PATH, template, CALLBACK, c.tag());
            }
        }

        @Override
        public void messageIn(boolean text, int n) {
            Attributes a = text ? textIn : binaryIn;
            messages.add(1, a);
            bytes.add(n, a);
        }

        @Override
        public void messageOut(boolean text, int n) {
            Attributes a = text ? textOut : binaryOut;
            messages.add(1, a);
            bytes.add(n, a);
        }

        @Override
        public void callbackCompleted(Callback callback, long nanos) {
            callbackDuration.record(nanos / 1e9, callbacks[callback.ordinal()]);
        }

        @Override
        public void mailboxDepth(int depth) {
            mailboxDepth.record(depth, path);
        }

        @Override
        public void blockedCallback(Callback callback, long nanos) {
            blocked.add(1, callbacks[callback.ordinal()]);
        }

        @Override
        public void mailboxOverflow() {
            overflows.add(1, path);
        }

        @Override
        public void slowConsumer() {
            slowConsumers.add(1, path);
        }

        @Override
        public void connectionClosed(int code, CloseReason reason, long lifetimeNanos) {
            open.add(-1, path);
            closed.add(1, Attributes.of(PATH, template, CODE, Integer.toString(code), REASON, WebSockEvents.reasonTag(reason)));
            connectionDuration.record(lifetimeNanos / 1e9, path);
        }
    }

    /** A connection whose callbacks are also spans. */
    private final class Traced implements Connection {
        private final PathInstruments p;
        private final String id;

        Traced(PathInstruments p, String id) {
            this.p = p;
            this.id = id;
        }

        @Override
        public void messageIn(boolean text, int n) {
            p.messageIn(text, n);
        }

        @Override
        public void messageOut(boolean text, int n) {
            p.messageOut(text, n);
        }

        @Override
        public void callbackCompleted(Callback callback, long nanos) {
            p.callbackCompleted(callback, nanos);
            long end = System.currentTimeMillis();
            tracer.spanBuilder("websock " + callback.tag() + " " + p.template).setSpanKind(SpanKind.INTERNAL)
                    .setNoParent()
                    .setStartTimestamp(TimeUnit.MILLISECONDS.toNanos(end) - nanos, TimeUnit.NANOSECONDS)
                    .setAttribute(URL_TEMPLATE, p.template).setAttribute(CONNECTION_ID, id)
                    .setAttribute(CALLBACK, callback.tag())
                    .startSpan().end(end, TimeUnit.MILLISECONDS);
        }

        @Override
        public void mailboxDepth(int depth) {
            p.mailboxDepth(depth);
        }

        @Override
        public void blockedCallback(Callback callback, long nanos) {
            p.blockedCallback(callback, nanos);
        }

        @Override
        public void mailboxOverflow() {
            p.mailboxOverflow();
        }

        @Override
        public void slowConsumer() {
            p.slowConsumer();
        }

        @Override
        public void connectionClosed(int code, CloseReason reason, long lifetimeNanos) {
            p.connectionClosed(code, reason, lifetimeNanos);
        }
    }
}
