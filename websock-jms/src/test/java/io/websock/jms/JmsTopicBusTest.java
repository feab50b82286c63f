package io.websock.jms;

import io.websock.spi.TopicBus;
import io.websock.test.bus.TopicBusContract;
import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import io.websock.test.junit.WebSockTestServer;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * C8, embedded part: the bus contract (C1, C2, C5, C6 from {@link TopicBusContract}) on two servers (embedded
 * Tomcat, each its own {@link JmsTopicBus}) in this JVM sharing one JMS topic of an embedded ActiveMQ Artemis broker
 * on a loopback TCP acceptor, plus the broker restart, which runs last. The EE part is {@code JmsTopicsIT} on
 * WildFly {@code standalone-full} (it-tests/wildfly).
 */
@DisplayName("C8 JmsTopicBus on an embedded Artemis broker, two servers")
class JmsTopicBusTest extends TopicBusContract {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private int port;
    private Path data;
    private EmbeddedActiveMQ broker;

    @Override
    protected void startBroker() throws Exception {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        }
        data = Files.createTempDirectory("websock-artemis");
        startArtemis();
    }

    private void startArtemis() throws Exception {
        Configuration config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setBrokerInstance(data.toFile());
        config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
    }

    /** Bounds high enough for C2's 40 000 publishes at once (C2 is about order; the bound is the restart test's). */
    @Override
    protected TopicBus newBus() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        return JmsTopicBus.builder(factory, new ActiveMQTopic("websock")).maxPending(100_000).maxPendingBytes(256L << 20).build();
    }

    @Override
    protected void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    private JmsTopicBus jmsBus(int i) {
        return (JmsTopicBus) bus(i);
    }

    @Test
    @Order(5)
    @DisplayName("C8 nothing was dropped by the contract's scenarios, and both servers sent and received")
    void countsAfterTheContract() {
        for (int i = 0; i < serverCount(); i++) {
            assertThat(jmsBus(i).dropped()).as("dropped on server %d", i).isZero();
            assertThat(jmsBus(i).forwarded()).as("sent by server %d", i).isPositive();
            assertThat(jmsBus(i).received()).as("received by server %d", i).isPositive();
        }
    }

    @Test
    @Order(10)
    @DisplayName("C8 broker stopped: local delivery goes on, drops are counted, never blocking; broker back: forwarding resumes by itself")
    void brokerRestart() throws Exception {
        WebSockTestServer a = server(0);
        try (WebSockTestClient onA = subscribe(0, "c3"); WebSockTestClient onB = subscribe(1, "c3")) {
            a.websock().topics().publish("c3", "before");
            onA.expectText("before");
            onB.expectText("before");
            long droppedBefore = jmsBus(0).dropped();
            broker.stop();
            await().atMost(WAIT).until(() -> !jmsBus(1).receiving());
            // publishing goes on, locally, and never blocks while the broker is away
            long started = System.nanoTime();
            int n = 0;
            while (jmsBus(0).dropped() == droppedBefore) {
                assertThat(a.websock().topics().publish("c3", "down " + n)).isEqualTo(1);
                onA.expectText("down " + n);
                n++;
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
            }
            startArtemis();
            await().atMost(WAIT).until(() -> jmsBus(0).receiving() && jmsBus(1).receiving());
            // the sender reconnects on its next message (backoff at most 2 s): publish until B gets one
            int[] k = {0};
            await("forwarding resumes").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                a.websock().topics().publish("c3", "up " + k[0]++);
                return onB.received().stream().anyMatch(r -> r instanceof Received.Text t && t.text().startsWith("up "));
            });
            assertThat(jmsBus(0).dropped()).isGreaterThan(droppedBefore);
            assertThat(onA.isClosed()).isFalse();
            assertThat(onB.isClosed()).isFalse();
        }
    }
}
