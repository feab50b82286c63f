package io.websock.jakarta;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSockOptions;
import io.websock.opentelemetry.WebSockTelemetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WebSockTelemetry} with the OpenTelemetry SDK's in-memory reader and span exporter, after real connections
 * through embedded Tomcat: the same metrics as websock-micrometer (exact counts), a span per upgrade (admitted:
 * 101; refused: the status and the check) and, when turned on, a span per callback.
 */
class OpenTelemetryMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static OpenTelemetrySdk sdk;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        server = TestServer.start(TestServer.Kind.TOMCAT, (ws, c) -> {
            ws.events(WebSockTelemetry.builder(sdk).callbackSpans(true).build());
            var echo = new Scripted().in((f, s) -> f instanceof Frame.Text t && t.text().equals("bye")
                    ? Result.stop(StopReason.NORMAL, s) : Result.push(f, s));
            c.addEndpoint(ws.endpoint("/otel/{room}", echo, WebSockOptions.DEFAULTS));
            var flood = new Scripted().in((f, s) -> Result.push(List.of(Frame.binary(new byte[4000]),
                    Frame.binary(new byte[4000]), Frame.binary(new byte[4000])), s));
            c.addEndpoint(ws.endpoint("/otel-slow", flood, WebSockOptions.builder().outboundBufferLimit(1000).build()));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (sdk != null) {
            sdk.close();
        }
    }

    @Test
    @DisplayName("OTel: opened/open/closed{1000,normal}, exact messages and bytes, callback histogram, upgrade span 101, callback spans")
    void echo() {
        try (WsClient client = WsClient.connect(server.uri("/otel/a"))) {
            await().atMost(WAIT).until(() -> sum("websock.connections.open", Map.of("path", "/otel/{room}")) == 1);
            client.text("hello");
            assertThat(client.nextText()).isEqualTo("hello");
            client.binary(new byte[7]);
            assertThat(client.nextBinary()).hasSize(7);
            client.text("bye");
            assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
        }
        Map<String, String> path = Map.of("path", "/otel/{room}");
        await().atMost(WAIT).until(() -> sum("websock.connections.closed", Map.of("path", "/otel/{room}", "code", "1000", "reason", "normal")) == 1);
        assertThat(sum("websock.connections.open", path)).isZero();
        assertThat(sum("websock.connections.opened", path)).isEqualTo(1);
        assertThat(sum("websock.messages", Map.of("path", "/otel/{room}", "direction", "in", "type", "text"))).isEqualTo(2);
        assertThat(sum("websock.messages.bytes", Map.of("path", "/otel/{room}", "direction", "in", "type", "text"))).isEqualTo(8);
        assertThat(sum("websock.messages", Map.of("path", "/otel/{room}", "direction", "out", "type", "binary"))).isEqualTo(1);
        assertThat(sum("websock.messages.bytes", Map.of("path", "/otel/{room}", "direction", "out", "type", "binary"))).isEqualTo(7);
        assertThat(histogramCount("websock.callback.duration", Map.of("path", "/otel/{room}", "callback", "handleIn"))).isEqualTo(3);
        assertThat(histogramCount("websock.connection.duration", path)).isEqualTo(1);

        SpanData upgrade = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("WebSocket upgrade /otel/{room}")).findFirst().orElseThrow();
        assertThat(upgrade.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(101L);
        assertThat(upgrade.getAttributes().get(AttributeKey.stringKey("url.template"))).isEqualTo("/otel/{room}");
        await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("websock handleIn /otel/{room}")).count() == 3);
        assertThat(spans.getFinishedSpanItems()).anyMatch(s -> s.getName().equals("websock terminate /otel/{room}"));
    }

    @Test
    @DisplayName("OTel: refused upgrade counted {403,origin} with an ERROR span; slow consumer counted with closed{1008,slow_consumer}")
    void refusalsAndSlowConsumer() throws Exception {
        try (RawUpgrade raw = RawUpgrade.get(server.port(), "/otel-slow", "Origin: http://evil.example")) {
            assertThat(raw.status).isEqualTo(403);
        }
        assertThat(sum("websock.upgrades.refused", Map.of("path", "/otel-slow", "status", "403", "check", "origin"))).isEqualTo(1);
        SpanData refused = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("WebSocket upgrade /otel-slow")).findFirst().orElseThrow();
        assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(refused.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(403L);
        assertThat(refused.getAttributes().get(AttributeKey.stringKey("websock.check"))).isEqualTo("origin");

        try (WsClient client = WsClient.connect(server.uri("/otel-slow"))) {
            client.text("flood");
            client.awaitClose(WAIT);
        }
        await().atMost(WAIT).until(() -> sum("websock.connections.closed",
                Map.of("path", "/otel-slow", "code", "1008", "reason", "slow_consumer")) == 1);
        assertThat(sum("websock.slow.consumers", Map.of("path", "/otel-slow"))).isEqualTo(1);
    }

    /** The cumulative sum of a long sum metric's point whose attributes are exactly {@code attributes}; 0 if none. */
    private static long sum(String name, Map<String, String> attributes) {
        Attributes wanted = attributes(attributes);
        for (MetricData m : collect(name)) {
            for (LongPointData p : m.getLongSumData().getPoints()) {
                if (p.getAttributes().equals(wanted)) {
                    return p.getValue();
                }
            }
        }
        return 0;
    }

    private static long histogramCount(String name, Map<String, String> attributes) {
        Attributes wanted = attributes(attributes);
        for (MetricData m : collect(name)) {
            for (HistogramPointData p : m.getHistogramData().getPoints()) {
                if (p.getAttributes().equals(wanted)) {
                    return p.getCount();
                }
            }
        }
        return 0;
    }

    private static List<MetricData> collect(String name) {
        Collection<MetricData> all = metrics.collectAllMetrics();
        return all.stream().filter(m -> m.getName().equals(name)).toList();
    }

    private static Attributes attributes(Map<String, String> map) {
        var b = Attributes.builder();
        map.forEach(b::put);
        return b.build();
    }
}
