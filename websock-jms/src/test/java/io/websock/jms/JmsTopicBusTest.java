package io.websock.jms;

import io.websock.Frame;
import io.websock.jakarta.WsClient;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * C8, embedded part: two servers (embedded Tomcat, each with its own {@link JmsTopicBus}) in this JVM sharing
 * one JMS topic of an embedded ActiveMQ Artemis broker on a loopback TCP acceptor, talked to by real
 * WebSocket clients. The broker restart runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JmsTopicBusTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static int port;
    private static Path data;
    private static EmbeddedActiveMQ broker;
    private static Node a;
    private static Node b;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        }
        data = Files.createTempDirectory("websock-artemis");
        startBroker();
        a = node();
        b = node();
        await().atMost(WAIT).until(() -> bus(a).receiving() && bus(b).receiving());
    }

    private static void startBroker() throws Exception {
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

    private static Node node() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        return Node.start(JmsTopicBus.builder(factory, new ActiveMQTopic("websock"))
                .maxPending(100_000).maxPendingBytes(256L << 20).build());
    }

    private static JmsTopicBus bus(Node node) {
        return (JmsTopicBus) node.bus();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Node n : new Node[] {a, b}) {
            if (n != null) {
                n.close();
            }
        }
        if (broker != null) {
            broker.stop();
        }
    }

    private static WsClient subscriber(Node node, String path) {
        WsClient client = WsClient.connect(node.uri(path));
        assertThat(client.nextText()).isEqualTo("ready");
        return client;
    }

    static List<String> readUntil(WsClient client, String last) {
        List<String> got = new ArrayList<>();
        while (!got.contains(last)) {
            String text = client.nextText();
            if (!text.startsWith("local ")) {
                got.add(text);
            }
        }
        return got;
    }

    @Test
    @Order(1)
    @DisplayName("C8 (embedded Artemis) C1: a publish on A reaches every subscriber on A and B exactly once")
    void c8_c1_exactlyOnce() {
        List<WsClient> all = new ArrayList<>();
        try {
            for (Node n : new Node[] {a, b}) {
                all.add(subscriber(n, "/t/c1"));
                all.add(subscriber(n, "/t/c1"));
            }
            all.get(0).text("pub c1 hello");
            assertThat(all.get(0).nextText()).isEqualTo("local 2");
            all.get(0).text("pub c1 second");
            Map<WsClient, List<String>> got = new HashMap<>();
            for (WsClient client : all) {
                got.put(client, readUntil(client, "second"));
            }
            all.get(2).text("pub c1 third"); // from B
            for (WsClient client : all) {
                got.get(client).addAll(readUntil(client, "third"));
                assertThat(got.get(client)).containsExactly("hello", "second", "third");
            }
        } finally {
            all.forEach(WsClient::close);
        }
    }

    @Test
    @Order(2)
    @DisplayName("C8 (embedded Artemis) C2: per-publisher order on both nodes, 4 publishers (two per node) x 10 000 messages")
    void c8_c2_order() throws Exception {
        int perPublisher = 10_000;
        Node[] publishersOn = {a, a, b, b};
        List<WsClient> subscribers = List.of(subscriber(a, "/t/c2"), subscriber(b, "/t/c2"));
        try {
            List<Thread> publishers = new ArrayList<>();
            for (int p = 0; p < publishersOn.length; p++) {
                Node node = publishersOn[p];
                String name = "p" + p;
                publishers.add(new Thread(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        node.websock().topics().publish("c2", Frame.text(name + " " + i));
                    }
                }, "c2-publisher-" + p));
            }
            publishers.forEach(Thread::start);
            for (Thread t : publishers) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            for (WsClient client : subscribers) {
                Map<String, Integer> next = new HashMap<>();
                for (int n = 0; n < perPublisher * publishersOn.length; n++) {
                    String[] parts = client.nextText().split(" ");
                    int expected = next.getOrDefault(parts[0], 0);
                    assertThat(Integer.parseInt(parts[1])).as("next message of publisher %s", parts[0]).isEqualTo(expected);
                    next.put(parts[0], expected + 1);
                }
            }
            assertThat(bus(a).dropped()).isZero();
            assertThat(bus(b).dropped()).isZero();
        } finally {
            subscribers.forEach(WsClient::close);
        }
    }

    @Test
    @Order(3)
    @DisplayName("C8 (embedded Artemis) C5: a type the bus cannot carry fails at publish; nothing reaches either node")
    void c8_c5_unsupported() {
        try (WsClient onA = subscriber(a, "/t/c5"); WsClient onB = subscriber(b, "/t/c5")) {
            assertThatThrownBy(() -> a.websock().topics().publish("c5", LocalDate.of(2026, 11, 30)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.time.LocalDate");
            a.websock().topics().publish("c5", "after");
            assertThat(onA.nextText()).isEqualTo("after");
            assertThat(onB.nextText()).isEqualTo("after");
        }
    }

    @Test
    @Order(10)
    @DisplayName("C8 (embedded Artemis) broker stopped: local delivery goes on, drops are counted, never blocking; broker back: forwarding resumes by itself")
    void c8_brokerRestart() throws Exception {
        try (WsClient onA = subscriber(a, "/t/c3"); WsClient onB = subscriber(b, "/t/c3")) {
            a.websock().topics().publish("c3", "before");
            assertThat(onA.nextText()).isEqualTo("before");
            assertThat(onB.nextText()).isEqualTo("before");
            long droppedBefore = bus(a).dropped();
            broker.stop();
            await().atMost(WAIT).until(() -> !bus(b).receiving());
            // publishing goes on, locally, and never blocks while the broker is away
            long started = System.nanoTime();
            int n = 0;
            while (bus(a).dropped() == droppedBefore) {
                assertThat(a.websock().topics().publish("c3", "down " + n)).isEqualTo(1);
                assertThat(onA.nextText()).isEqualTo("down " + n);
                n++;
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
            }
            startBroker();
            await().atMost(WAIT).until(() -> bus(a).receiving() && bus(b).receiving());
            // the sender reconnects on its next message (backoff at most 2 s): publish until B gets one
            int[] k = {0};
            await("forwarding resumes").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                a.websock().topics().publish("c3", "up " + k[0]++);
                WsClient.Received r = onB.received.poll();
                return r instanceof WsClient.Text t && t.text().startsWith("up ");
            });
            assertThat(bus(a).dropped()).isGreaterThan(droppedBefore);
            assertThat(onA.closed).isNotDone();
            assertThat(onB.closed).isNotDone();
        }
    }
}
