package io.websock.opentelemetry.cdi;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import jakarta.enterprise.inject.Produces;

/** The OpenTelemetry bean a MicroProfile Telemetry server offers, here produced by the test application. */
public class Telemetry {

    /** Reads what was recorded. */
    public static final InMemoryMetricReader READER = InMemoryMetricReader.create();

    /** The bean. */
    @Produces
    public static final OpenTelemetry OPEN_TELEMETRY = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(READER).build()).build();
}
