package io.websock.cdi;

import io.websock.cdi.probe.Probe;
import io.websock.cdi.war.bus.BusHandler;
import io.websock.jakarta.WsClient;
import io.websock.spi.TopicBus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** C7: a {@code TopicBus} bean of the application is the bus of the server websock-cdi creates. */
class TopicBusBeanTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path base;

    @Test
    @DisplayName("C7 (Tomcat WAR) an application's @Produces @ApplicationScoped TopicBus is used by the @WebSockHandler beans' server and closed at undeploy")
    void producedBusIsUsed() throws Exception {
        Probe.reset();
        Path war = ExplodedWar.build(base.resolve("bus"), BusHandler.class);
        Tomcat tomcat = TomcatWarTest.tomcat(base.resolve("tomcat"));
        try {
            Context context = TomcatWarTest.addWebapp(tomcat, "/bus", war);
            tomcat.start();
            assertThat(context.getState()).isEqualTo(LifecycleState.STARTED);
            URI uri = URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/bus/news");
            try (WsClient a = WsClient.connect(uri)) {
                a.text("one");
                assertThat(a.nextText()).isEqualTo("local 1");
                assertThat(a.nextText()).isEqualTo("news: one");
                try (WsClient b = WsClient.connect(uri)) {
                    b.text("two"); // b's init (its subscription) runs before its first handleIn
                    assertThat(b.nextText()).isEqualTo("local 2");
                    assertThat(b.nextText()).isEqualTo("news: two");
                    assertThat(a.nextText()).isEqualTo("news: two");
                }
            }
            assertThat(Probe.events()).containsSubsequence("bus.attach", "bus.publish:news:one", "bus.publish:news:two");
            assertThat(Probe.events("bus.attach")).hasSize(1);
            assertThat(Probe.events()).doesNotContain("bus.close");
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
        assertThat(Probe.events("bus.close")).hasSize(1);
    }

    static class FirstBus {
        @Produces
        @ApplicationScoped
        TopicBus redis() {
            return TopicBus.inJvm();
        }
    }

    static class SecondBus {
        @Produces
        @ApplicationScoped
        TopicBus jms() {
            return TopicBus.inJvm();
        }
    }

    @Test
    @DisplayName("C7 two TopicBus producers are a deployment error naming both")
    void twoProducers() {
        Throwable thrown = catchThrowable(() -> new Weld("websock-cdi-two-buses")
                .disableDiscovery()
                .addBeanClasses(FirstBus.class, SecondBus.class)
                .addExtension(new WebSockExtension())
                .initialize()
                .shutdown());
        assertThat(thrown).isNotNull();
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        assertThat(all.toString()).contains("two TopicBus beans",
                "producer method " + FirstBus.class.getName() + ".redis()",
                "producer method " + SecondBus.class.getName() + ".jms()");
    }
}
