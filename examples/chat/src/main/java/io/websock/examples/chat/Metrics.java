package io.websock.examples.chat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The application's one Micrometer registry, in Prometheus format. Producing it as a bean is all it takes:
 * websock-micrometer's CDI bean finds it and websock-cdi reports the chat's connections to it.
 */
@ApplicationScoped
public class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The registry, for anyone who injects a {@link MeterRegistry}. */
    @Produces
    MeterRegistry registry() {
        return registry;
    }

    /** Everything registered, in the Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }
}
