package io.websock.micrometer.cdi;

import io.websock.cdi.WebSockExtension;
import io.websock.jakarta.WebSockServer;
import io.websock.jakarta.WsClient;
import io.websock.micrometer.CdiWebSockMetrics;
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
 * With websock-cdi and websock-micrometer in the application, a {@code MeterRegistry} bean gets the WebSock meters
 * without any code: Weld SE discovers {@link CdiWebSockMetrics} (as the jar's beans.xml makes it a bean) and
 * websock-cdi hands it to the server when it registers the handlers; Tyrus standalone serves them.
 */
class CdiMetricsTest {

    @Test
    @DisplayName("CDI: a MeterRegistry bean is picked up without code; messages and closes are counted on it")
    void registryBeanPickedUp() throws Exception {
        WeldContainer weld = new Weld("websock-micrometer-cdi-test")
                .disableDiscovery()
                .addBeanClasses(CdiEcho.class, Registry.class, CdiWebSockMetrics.class)
                .addExtension(new WebSockExtension())
                .initialize();
        var tyrus = ServerContainerFactory.createServerContainer(Map.of());
        WebSockServer websock = WebSockServer.create();
        try {
            weld.getBeanManager().getExtension(WebSockExtension.class).registerEndpoints(tyrus, websock);
            tyrus.start("/", 0);
            int port = ((TyrusServerContainer) tyrus).getPort();
            try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/cdi/a"))) {
                client.text("one");
                assertThat(client.nextText()).isEqualTo("one");
                client.sendClose(1000, "");
                client.awaitClose(Duration.ofSeconds(10));
            }
            var registry = Registry.REGISTRY;
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("websock.connections.closed")
                    .tags("path", "/cdi/{room}", "code", "1000", "reason", "remote").counter() != null);
            assertThat(registry.get("websock.connections.opened").tag("path", "/cdi/{room}").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("websock.messages").tags("path", "/cdi/{room}", "direction", "in", "type", "text")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get("websock.messages").tags("path", "/cdi/{room}", "direction", "out", "type", "text")
                    .counter().count()).isEqualTo(1.0);
        } finally {
            weld.shutdown();
            tyrus.stop();
        }
    }
}
