package io.websock.it;

import io.websock.test.client.WebSockTestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * websock-opentelemetry on a server's own MicroProfile Telemetry (WildFly, Open Liberty): a WAR with
 * websock-cdi and websock-opentelemetry but without the OpenTelemetry API gets its {@code OpenTelemetry}
 * bean from the server, and the server's SDK exports our metrics and the upgrade span over OTLP/HTTP to a
 * receiver in this JVM. The server modules whose server has MicroProfile Telemetry run it as {@code TelemetryIT}
 * (the name does not end in IT here, so the other servers' modules do not scan it).
 */
public abstract class TelemetryScenarios {

    private static OtlpReceiver receiver;

    /** Starts the receiver first: the WAR's MicroProfile Config names its endpoint. */
    @Deployment(testable = false)
    public static WebArchive telemetry() {
        receiver = OtlpReceiver.start();
        // Open until this JVM ends: Arquillian undeploys after @AfterAll, and the server's SDK flushes then.
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
        return Deployments.telemetryWar("otel", """
                otel.sdk.disabled=false
                otel.service.name=websock-it
                otel.exporter.otlp.endpoint=%s
                otel.exporter.otlp.protocol=http/protobuf
                otel.metrics.exporter=otlp
                otel.traces.exporter=otlp
                otel.logs.exporter=none
                otel.traces.sampler=always_on
                otel.metric.export.interval=1000
                otel.bsp.schedule.delay=200
                """.formatted(receiver.endpoint()));
    }

    @ArquillianResource
    URL url;

    @Test
    @DisplayName("MicroProfile Telemetry: the server's OpenTelemetry exports websock metrics and the upgrade span (no OTel API in the WAR)")
    void serverTelemetryExportsOurMetricsAndSpan() {
        Site site = Site.of(url);
        try (WebSockTestClient client = Site.connect(site.ws("/otel/lobby"))) {
            client.sendText("hello").expectText("hello");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = receiver.metrics();
            assertThat(metrics).as("OTLP metrics received from the server")
                    .contains("io.websock", "websock.connections.opened", "websock.messages", "websock.connections.closed",
                            "/otel/{room}");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(receiver.traces()).as("OTLP traces received from the server")
                        .contains("WebSocket upgrade /otel/{room}", "io.websock", "http.response.status_code"));
    }
}
