package io.websock.jakarta;

import io.websock.spi.TopicBus;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The servlet path takes a bus ({@code WebSockServer.of(context, bus)}), as {@code WebSockServer.create(bus)} does. */
class TopicBusWiringTest {

    /** A bus that records what it is asked to do and delivers locally. */
    static final class RecordingBus implements TopicBus {
        final List<String> published = new CopyOnWriteArrayList<>();
        final AtomicInteger attached = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        private volatile Delivery local;

        @Override
        public void attach(Delivery local) {
            attached.incrementAndGet();
            this.local = local;
        }

        @Override
        public int publish(String topic, Object message) {
            published.add(topic + "=" + message);
            return local.deliver(topic, message);
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }

        @Override
        public String toString() {
            return "RecordingBus";
        }
    }

    @Test
    @DisplayName("C7 WebSockServer.of(context, bus): the context's server publishes through the bus and closes it at undeploy; another bus later is refused by name")
    void servletPathTakesABus() throws Exception {
        RecordingBus bus = new RecordingBus();
        AtomicReference<WebSockServer> first = new AtomicReference<>();
        AtomicReference<WebSockServer> second = new AtomicReference<>();
        AtomicReference<Throwable> otherBus = new AtomicReference<>();
        Path base = Files.createTempDirectory("websock-bus-wiring");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            first.set(WebSockServer.of(servletContext, bus));
            second.set(WebSockServer.of(servletContext));
            try {
                WebSockServer.of(servletContext, new RecordingBus());
            } catch (Throwable e) {
                otherBus.set(e);
            }
        }, null);
        tomcat.start();
        try {
            assertThat(second.get()).isSameAs(first.get());
            assertThat(bus.attached).hasValue(1);
            assertThat(otherBus.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already exists with topic bus RecordingBus");
            assertThat(first.get().topics().publish("room", "hi")).isZero();
            assertThat(bus.published).containsExactly("room=hi");
            assertThat(bus.closed).hasValue(0);
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
        assertThat(bus.closed).hasValue(1);
    }
}
