package io.websock.test.bus;

import io.websock.Frame;
import io.websock.WebSockOptions;
import io.websock.spi.TopicBus;
import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import io.websock.test.junit.EmbeddedContainer;
import io.websock.test.junit.Endpoints;
import io.websock.test.junit.WebSockTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every distributed {@link TopicBus} must do, as JUnit 5 tests: extend this class, say how to make a bus
 * ({@link #newBus()}) and, if the buses need one, how to start and stop their broker; the scenarios C1, C2, C5
 * and C6 of the bus contract then run against {@link #serverCount()} real servers (embedded Tomcat on loopback,
 * each its own bus) talked to by real WebSocket clients:
 *
 * <pre>{@code
 * class MyBusTest extends TopicBusContract {
 *     static MyBroker broker;
 *     protected void startBroker() { broker = MyBroker.start(); }
 *     protected TopicBus newBus() { return MyBus.connect(broker.address()); }
 *     protected void stopBroker() { broker.stop(); }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>C1</b> a publish on one server reaches every subscriber on every server exactly once (a server never
 *       delivers its own publish again when the broker echoes it back);</li>
 *   <li><b>C2</b> each publishing thread's order is kept on every server: four publishers spread over the servers,
 *       10 000 messages each, all arrive, in order;</li>
 *   <li><b>C5</b> a message type the bus cannot carry fails at {@code publish} with an
 *       {@link IllegalArgumentException} naming the type, and reaches no server;</li>
 *   <li><b>C6</b> mailbox limits apply to deliveries from other servers: a flooded slow subscriber ends 1013 and
 *       the others get everything.</li>
 * </ul>
 * The servers start once for the class and are shared by its tests, the subclass's own tests included (which may
 * stop and restart the broker, in an {@link Order} after 10). Before the first test every server has seen a
 * publish of every other one cross the bus, so a bus that subscribes asynchronously is ready.
 *
 * <p>Needs on the test class path: JUnit Jupiter, and Tomcat 10.1 embedded ({@code tomcat-embed-core},
 * {@code tomcat-embed-websocket}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class TopicBusContract {

    private static final String READY = "ready";

    private final List<WebSockTestServer> servers = new ArrayList<>();
    private final List<TopicBus> buses = new ArrayList<>();

    /** A new bus connected to the broker; called once per server, after {@link #startBroker()}. */
    protected abstract TopicBus newBus() throws Exception;

    /** Starts what the buses connect to; called once, before any server starts. The default does nothing. */
    protected void startBroker() throws Exception {
    }

    /** Stops what {@link #startBroker()} started; called once, after every server has stopped. Default: nothing. */
    protected void stopBroker() throws Exception {
    }

    /** How many servers share the bus (at least 2; default 2). */
    protected int serverCount() {
        return 2;
    }

    /** How long any one wait may take: a message to arrive, a bus to become ready (default 20 s). */
    protected Duration patience() {
        return Duration.ofSeconds(20);
    }

    @BeforeAll
    final void startServers() throws Exception {
        if (serverCount() < 2) {
            throw new IllegalStateException("serverCount() must be at least 2 for a bus contract, got " + serverCount());
        }
        startBroker();
        for (int i = 0; i < serverCount(); i++) {
            TopicBus bus = newBus();
            buses.add(bus);
            servers.add(WebSockTestServer.start(EmbeddedContainer.TOMCAT, bus, probeEndpoints()));
        }
        awaitEveryServerReachesEveryOther();
    }

    @AfterAll
    final void stopServers() throws Exception {
        try {
            for (WebSockTestServer server : servers) {
                server.close(); // stops the container, whose WebSockServer shuts down and closes its bus
            }
        } finally {
            stopBroker();
        }
    }

    /**
     * The endpoints the contract's servers have, for an adapter's own servers (e.g. in separate processes):
     * {@code /t/{topics}} subscribes to the comma-separated topics and says {@code ready}, pushes every message of
     * them as a text frame, and answers a text {@code pub <topic> <msg>} by publishing {@code msg} and saying
     * {@code local <n>} (the local subscribers reached); {@code /slow/{topics}} is the same with a mailbox of 20
     * and 50 ms per message, to be flooded. {@code /t} has room for C2's 40 000 messages (mailbox 200 000,
     * outbound buffer 64 MiB).
     */
    public static Endpoints.Setup probeEndpoints() {
        return endpoints -> endpoints
                .add("/t/{topics}", new BusProbe(endpoints.websock(), 0), WebSockOptions.builder()
                        .mailboxLimit(200_000).outboundBufferLimit(64L * 1024 * 1024).build())
                .add("/slow/{topics}", new BusProbe(endpoints.websock(), 50),
                        WebSockOptions.builder().mailboxLimit(20).build());
    }

    /** Server {@code i} (0-based), started by the contract. */
    protected final WebSockTestServer server(int i) {
        return servers.get(i);
    }

    /** The bus of server {@code i}, as {@link #newBus()} made it. */
    protected final TopicBus bus(int i) {
        return buses.get(i);
    }

    /**
     * A client of server {@code i} subscribed to {@code topics} (comma-separated) on the fast probe endpoint: it
     * receives every message of those topics as a text frame; its text {@code pub <topic> <msg>} publishes and is
     * answered {@code local <n>}. Returns once subscribed.
     */
    protected final WebSockTestClient subscribe(int i, String topics) {
        return connect(server(i).uri("/t/" + topics));
    }

    private WebSockTestClient slowSubscriber(int i, String topics) {
        return connect(server(i).uri("/slow/" + topics));
    }

    private WebSockTestClient connect(URI uri) {
        WebSockTestClient client = WebSockTestClient.builder(uri).timeout(patience()).connect();
        client.expectText(READY);
        return client;
    }

    /**
     * The topic messages {@code client} (connected to the probe endpoint) receives up to and including {@code last},
     * answers to "pub" skipped; for an adapter's own scenarios, e.g. with servers in separate processes.
     */
    public static List<String> readUntil(WebSockTestClient client, String last) {
        List<String> got = new ArrayList<>();
        while (!got.contains(last)) {
            String text = client.nextText();
            if (!text.startsWith("local ")) {
                got.add(text);
            }
        }
        return got;
    }

    /** Publishes from each server until every other server's subscriber has received one of them. */
    private void awaitEveryServerReachesEveryOther() throws InterruptedException {
        List<WebSockTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < serverCount(); i++) {
                clients.add(subscribe(i, "contract-warmup"));
            }
            for (int from = 0; from < serverCount(); from++) {
                String prefix = "from " + from + " ";
                long deadline = System.nanoTime() + patience().toNanos();
                for (int k = 0; !everyOtherGot(clients, from, prefix); k++) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("the buses did not carry a publish of server " + from
                                + " to every other server within " + patience());
                    }
                    server(from).websock().topics().publish("contract-warmup", prefix + k);
                    TimeUnit.MILLISECONDS.sleep(50); // a retry interval: the broker subscription is asynchronous
                }
            }
        } finally {
            clients.forEach(WebSockTestClient::close);
        }
    }

    private static boolean everyOtherGot(List<WebSockTestClient> clients, int from, String prefix) {
        for (int i = 0; i < clients.size(); i++) {
            if (i != from && clients.get(i).received().stream()
                    .noneMatch(r -> r instanceof Received.Text t && t.text().startsWith(prefix))) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Order(1)
    @DisplayName("C1 a publish on one server reaches every subscriber on every server exactly once (not again when the broker echoes it back)")
    void c1_everySubscriberExactlyOnce() {
        List<WebSockTestClient> all = new ArrayList<>();
        try {
            for (int i = 0; i < serverCount(); i++) {
                all.add(subscribe(i, "c1"));
                all.add(subscribe(i, "c1"));
            }
            WebSockTestClient onFirst = all.get(0);
            WebSockTestClient onSecond = all.get(2);
            onFirst.sendText("pub c1 hello").expectText("local 2");
            onFirst.sendText("pub c1 second");
            Map<WebSockTestClient, List<String>> got = new HashMap<>();
            for (WebSockTestClient client : all) {
                got.put(client, readUntil(client, "second"));
            }
            // Every server has had "second" through the broker, so the broker has sent every server "hello" and
            // "second" already, the first server's echoes included: had it not dropped them, they would come next.
            onSecond.sendText("pub c1 third");
            for (WebSockTestClient client : all) {
                got.get(client).addAll(readUntil(client, "third"));
                assertEquals(List.of("hello", "second", "third"), got.get(client), "messages of " + client);
            }
        } finally {
            all.forEach(WebSockTestClient::close);
        }
    }

    @Test
    @Order(2)
    @DisplayName("C2 each publisher's order is kept on every server: 4 publishers spread over the servers x 10 000 messages")
    void c2_perPublisherOrder() throws Exception {
        int perPublisher = 10_000;
        int publisherCount = 4;
        List<WebSockTestClient> subscribers = new ArrayList<>();
        for (int i = 0; i < serverCount(); i++) {
            subscribers.add(subscribe(i, "c2"));
        }
        try {
            List<Thread> publishers = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int p = 0; p < publisherCount; p++) {
                WebSockTestServer on = server(p % serverCount());
                String name = "p" + p;
                Thread t = new Thread(() -> {
                    try {
                        for (int n = 0; n < perPublisher; n++) {
                            on.websock().topics().publish("c2", Frame.text(name + " " + n)); // a pre-encoded frame
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "c2-publisher-" + p);
                publishers.add(t);
            }
            publishers.forEach(Thread::start);
            for (Thread t : publishers) {
                t.join(patience().multipliedBy(3).toMillis());
                assertFalse(t.isAlive(), t.getName() + " did not finish publishing");
            }
            assertTrue(failures.isEmpty(), () -> "publish failed: " + failures);
            for (WebSockTestClient client : subscribers) {
                Map<String, Integer> next = new HashMap<>();
                for (int n = 0; n < perPublisher * publisherCount; n++) {
                    String[] parts = client.nextText().split(" ");
                    int expected = next.getOrDefault(parts[0], 0);
                    assertEquals(expected, Integer.parseInt(parts[1]), "next message of publisher " + parts[0]);
                    next.put(parts[0], expected + 1);
                }
                assertEquals(publisherCount, next.size(), "publishers heard from: " + next.keySet());
            }
        } finally {
            subscribers.forEach(WebSockTestClient::close);
        }
    }

    @Test
    @Order(3)
    @DisplayName("C5 a message type the bus cannot carry fails at publish naming the type; nothing reaches any server")
    void c5_unsupportedType() {
        List<WebSockTestClient> subscribers = new ArrayList<>();
        try {
            for (int i = 0; i < serverCount(); i++) {
                subscribers.add(subscribe(i, "c5"));
            }
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> server(0).websock().topics().publish("c5", LocalDate.of(2026, 11, 30)));
            assertTrue(refused.getMessage().contains("java.time.LocalDate"), () -> "names the type: " + refused.getMessage());
            assertEquals(1, server(0).websock().topics().publish("c5", "after"));
            for (WebSockTestClient client : subscribers) {
                client.expectText("after"); // the first thing each got: the refused message went nowhere
            }
        } finally {
            subscribers.forEach(WebSockTestClient::close);
        }
    }

    @Test
    @Order(4)
    @DisplayName("C6 mailbox limits apply to deliveries from other servers: a flooded slow subscriber ends 1013, the others get everything")
    void c6_mailboxLimitOnRemoteDeliveries() {
        int flood = 300;
        List<WebSockTestClient> others = new ArrayList<>();
        try (WebSockTestClient slow = slowSubscriber(1, "c6")) {
            for (int i = 1; i < serverCount(); i++) {
                others.add(subscribe(i, "c6"));
            }
            for (int n = 0; n < flood; n++) {
                assertEquals(0, server(0).websock().topics().publish("c6", "m" + n), "nobody subscribes on server 0");
            }
            assertEquals(1013, slow.awaitClose(patience()).code(), "the flooded slow subscriber's close code");
            for (WebSockTestClient client : others) {
                for (int n = 0; n < flood; n++) {
                    client.expectText("m" + n);
                }
                assertFalse(client.isClosed(), client + " was closed");
            }
        } finally {
            others.forEach(WebSockTestClient::close);
        }
    }
}
