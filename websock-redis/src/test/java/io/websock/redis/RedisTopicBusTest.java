package io.websock.redis;

import io.websock.Frame;
import io.websock.jakarta.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three servers (embedded Tomcat, each with its own {@link RedisTopicBus}) in this JVM sharing one real
 * {@code redis-server}, talked to by real WebSocket clients. The multi-process variant is
 * {@link RedisNodesProcessTest}. The Redis restart (C3) runs last: it is the only test that stops Redis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisTopicBusTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static RedisServer redis;
    private static Node a;
    private static Node b;
    private static Node c;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.launch();
        a = node();
        b = node();
        c = node();
    }

    /**
     * Bounds high enough that C2's 40 000 publishes, blasted by four threads at once, are all forwarded even on a
     * loaded machine: with the default 5 s forward timeout, a 2-core machine busy with other builds timed PUBLISHes
     * out (counted as dropped, as the failure policy says), and C2 is about order, not about that policy (C3 is).
     */
    private static Node node() throws Exception {
        return Node.start(RedisTopicBus.builder(redis.uri()).maxPending(100_000).maxPendingBytes(256L << 20)
                .forwardTimeout(Duration.ofSeconds(60)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        for (Node n : new Node[] {a, b, c}) {
            if (n != null) {
                n.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static WsClient subscriber(Node node, String path) {
        WsClient client = WsClient.connect(node.uri(path));
        assertThat(client.nextText()).isEqualTo("ready"); // subscribed
        return client;
    }

    @Test
    @Order(1)
    @DisplayName("C1 publish on A reaches every subscriber on A, B and C exactly once (not again when Redis echoes it to A)")
    void c1_everySubscriberExactlyOnce() {
        List<WsClient> all = new ArrayList<>();
        try {
            for (Node n : new Node[] {a, b, c}) {
                all.add(subscriber(n, "/t/c1"));
                all.add(subscriber(n, "/t/c1"));
            }
            WsClient a1 = all.get(0);
            WsClient b1 = all.get(2);
            a1.text("pub c1 hello");
            assertThat(a1.nextText()).isEqualTo("local 2");
            a1.text("pub c1 second");
            Map<WsClient, List<String>> got = new HashMap<>();
            for (WsClient client : all) {
                got.put(client, readUntil(client, "second"));
            }
            // Every node has had "second" from Redis, so Redis has sent every node "hello" and "second" already,
            // A's echoes included: if A did not drop its echoes, its clients would get them before "third".
            b1.text("pub c1 third");
            for (WsClient client : all) {
                got.get(client).addAll(readUntil(client, "third"));
                assertThat(got.get(client)).as("messages of a subscriber").containsExactly("hello", "second", "third");
            }
            assertThat(a.bus().dropped()).isZero();
        } finally {
            all.forEach(WsClient::close);
        }
    }

    /** The topic messages {@code client} receives up to and including {@code last} (replies to "pub" skipped). */
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
    @Order(2)
    @DisplayName("C2 per-publisher order on every node: 4 publishers (two on A, one on B, one on C) x 10 000 messages")
    void c2_perPublisherOrder() throws Exception {
        int perPublisher = 10_000;
        Node[] publishersOn = {a, a, b, c};
        List<WsClient> subscribers = List.of(subscriber(a, "/t/c2"), subscriber(b, "/t/c2"), subscriber(c, "/t/c2"));
        try {
            List<Thread> publishers = new ArrayList<>();
            for (int p = 0; p < publishersOn.length; p++) {
                Node node = publishersOn[p];
                String name = "p" + p;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        node.websock().topics().publish("c2", Frame.text(name + " " + i)); // a pre-encoded frame
                    }
                }, "c2-publisher-" + p);
                publishers.add(t);
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
                assertThat(next).containsOnlyKeys("p0", "p1", "p2", "p3").allSatisfy((k, v) -> assertThat(v).isEqualTo(perPublisher));
            }
            for (Node n : new Node[] {a, b, c}) {
                assertThat(n.bus().dropped()).isZero();
            }
        } finally {
            subscribers.forEach(WsClient::close);
        }
    }

    @Test
    @Order(3)
    @DisplayName("C5 a message type the bus cannot carry fails at publish naming the type and the fix; nothing reaches any node")
    void c5_unsupportedType() {
        try (WsClient onA = subscriber(a, "/t/c5"); WsClient onB = subscriber(b, "/t/c5")) {
            long forwarded = a.bus().forwarded();
            assertThatThrownBy(() -> a.websock().topics().publish("c5", LocalDate.of(2026, 11, 30)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.time.LocalDate")
                    .hasMessageContaining("TopicCodec");
            assertThat(a.websock().topics().publish("c5", "after")).isEqualTo(1);
            assertThat(onA.nextText()).isEqualTo("after");
            assertThat(onB.nextText()).isEqualTo("after");
            await().atMost(WAIT).until(() -> a.bus().forwarded() == forwarded + 1);
        }
    }

    @Test
    @Order(4)
    @DisplayName("C6 mailbox limits apply to remote deliveries: a flooded slow subscriber on B ends 1013, the others get everything")
    void c6_mailboxLimitOnRemoteDeliveries() {
        try (WsClient slow = subscriber(b, "/slow/c6"); WsClient fast = subscriber(b, "/t/c6");
             WsClient other = subscriber(c, "/t/c6")) {
            int flood = 300;
            for (int i = 0; i < flood; i++) {
                assertThat(a.websock().topics().publish("c6", "m" + i)).isZero(); // nobody on A
            }
            assertThat(slow.awaitClose(WAIT).code()).isEqualTo(1013);
            for (WsClient client : List.of(fast, other)) {
                for (int i = 0; i < flood; i++) {
                    assertThat(client.nextText()).isEqualTo("m" + i);
                }
                assertThat(client.closed).isNotDone();
            }
        }
    }

    @Test
    @Order(10)
    @DisplayName("C3 Redis restarted mid-stream: local delivery goes on, the gap is counted, forwarding resumes within seconds, no connection closed")
    void c3_redisRestart() throws Exception {
        try (WsClient onA = subscriber(a, "/t/c3"); WsClient onB = subscriber(b, "/t/c3")) {
            AtomicInteger seq = new AtomicInteger();
            long[] missedOnB = new long[1];
            AtomicBoolean running = new AtomicBoolean(true);
            List<Throwable> publishErrors = new CopyOnWriteArrayList<>();
            Thread publisher = new Thread(() -> {
                while (running.get()) {
                    try {
                        a.websock().topics().publish("c3", Integer.toString(seq.getAndIncrement()));
                        Thread.sleep(5); // a steady stream, ~200/s
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable e) {
                        publishErrors.add(e);
                    }
                }
            }, "c3-publisher");
            List<Integer> onBReceived = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        WsClient.Received r = onB.received.take();
                        if (r instanceof WsClient.Text t) {
                            onBReceived.add(Integer.parseInt(t.text()));
                        }
                    }
                } catch (InterruptedException e) {
                    // done
                }
            }, "c3-reader");
            reader.start();
            publisher.start();
            try {
                await().atMost(WAIT).until(() -> onBReceived.size() >= 20);
                long droppedBefore = a.bus().dropped();
                long missedBefore = b.bus().missed();
                missedOnB[0] = missedBefore;
                redis.stop();
                await("the outage is seen and counted").atMost(WAIT).until(() -> a.bus().dropped() > droppedBefore);
                redis.start();
                int afterRestart = seq.get();
                long restarted = System.nanoTime();
                await("forwarding resumes after the restart (B re-subscribed)").atMost(WAIT)
                        .until(() -> !onBReceived.isEmpty() && onBReceived.get(onBReceived.size() - 1) > afterRestart);
                System.out.printf("C3: forwarding resumed %d ms after redis-server accepted connections; %d dropped%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted), a.bus().dropped() - droppedBefore);
            } finally {
                running.set(false);
                publisher.join(10_000);
            }
            int published = seq.get();
            // A's own subscriber got every message, in order, Redis or not
            for (int i = 0; i < published; i++) {
                assertThat(onA.nextText()).isEqualTo(Integer.toString(i));
            }
            await().atMost(WAIT).until(() -> onBReceived.contains(published - 1));
            reader.interrupt();
            List<Integer> got = List.copyOf(onBReceived);
            assertThat(got).as("B's messages: increasing, no duplicates").isSorted().doesNotHaveDuplicates();
            assertThat(got.size()).as("B missed the gap").isLessThan(published);
            // The gap is counted: B sees it in A's numbering (what A could not hand to Redis, and what Redis could not
            // pass on while B was re-subscribing, which A cannot know about).
            assertThat(b.bus().missed() - missedOnB[0]).as("the gap B counted").isEqualTo(published - got.size());
            assertThat(publishErrors).isEmpty();
            assertThat(onA.closed).isNotDone();
            assertThat(onB.closed).isNotDone();
            assertThat(a.bus().connected()).isTrue();
            assertThat(b.bus().connected()).isTrue();
        }
    }
}
