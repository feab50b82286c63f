package io.websock.opentelemetry.cdi;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.websock.cdi.WebSockExtension;
import io.websock.jakarta.WebSockServer;
import io.websock.jakarta.WsClient;
import io.websock.opentelemetry.CdiWebSockTelemetry;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With websock-cdi and websock-opentelemetry, an {@code OpenTelemetry} bean (as MicroProfile Telemetry servers
 * offer) gets the WebSock metrics without any code.
 */
class CdiTelemetryTest {

    @Test
    @DisplayName("CDI: an OpenTelemetry bean is picked up without code; opens, messages and closes are recorded on it")
    void openTelemetryBeanPickedUp() throws Exception {
        WeldContainer weld = new Weld("websock-otel-cdi-test")
                .disableDiscovery()
                .addBeanClasses(CdiEcho.class, Telemetry.class, CdiWebSockTelemetry.class)
                .addExtension(new WebSockExtension())
                .initialize();
        var tyrus = ServerContainerFactory.createServerContainer(Map.of());
        WebSockServer websock = WebSockServer.create();
        try {
            weld.getBeanManager().getExtension(WebSockExtension.class).registerEndpoints(tyrus, websock);
            tyrus.start("/", 0);
            int port = ((TyrusServerContainer) tyrus).getPort();
            try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/otel-cdi/a"))) {
                client.text("one");
                assertThat(client.nextText()).isEqualTo("one");
                client.sendClose(1000, "");
                client.awaitClose(Duration.ofSeconds(10));
            }
            Attributes closed = Attributes.of(AttributeKey.stringKey("path"), "/otel-cdi/{room}",
                    AttributeKey.stringKey("code"), "1000", AttributeKey.stringKey("reason"), "remote");
            await().atMost(Duration.ofSeconds(10)).until(() -> sum("websock.connections.closed", closed) == 1);
            assertThat(sum("websock.messages", Attributes.of(AttributeKey.stringKey("path"), "/otel-cdi/{room}",
                    AttributeKey.stringKey("direction"), "in", AttributeKey.stringKey("type"), "text"))).isEqualTo(1);
        } finally {
            weld.shutdown();
            tyrus.stop();
        }
    }

    private static long sum(String name, Attributes attributes) {
        return Telemetry.READER.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> p.getAttributes().equals(attributes)).mapToLong(LongPointData::getValue).sum();
    }
}
