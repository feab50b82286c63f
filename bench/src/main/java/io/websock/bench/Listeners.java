package io.websock.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.websock.micrometer.WebSockMetrics;
import io.websock.opentelemetry.WebSockTelemetry;
import io.websock.spi.WebSockEvents;

/** The events listeners {@link EchoLoad} can put on the bridge: none, Micrometer (Prometheus), OpenTelemetry (SDK). */
final class Listeners {

    private Listeners() {
    }

    static WebSockEvents of(String name) {
        return switch (name) {
            case "none" -> null;
            case "micrometer" -> {
                WebSockMetrics metrics = new WebSockMetrics();
                metrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                yield metrics;
            }
            case "otel" -> WebSockTelemetry.create(OpenTelemetrySdk.builder()
                    .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
                    .build());
            default -> throw new IllegalArgumentException("listener must be none, micrometer or otel, got " + name);
        };
    }
}
