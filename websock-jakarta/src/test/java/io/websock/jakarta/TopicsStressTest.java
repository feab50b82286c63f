package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 4 stress: 500 connections on Tyrus, 4 publisher threads, 10 topics, connections opening and
 * closing while the publishers run. Checked on the server side, in {@code handleInfo}: every message
 * reaches every subscriber that was subscribed for the whole run exactly once and in each publisher's
 * order; connections that come and go see, per publisher and topic, a gap-free run without duplicates;
 * and no registry entry or subscription survives its connection.
 */
class TopicsStressTest {

    private static final int TOPICS = 10;
    private static final int PUBLISHERS = 4;
    private static final int STABLE = 492;
    private static final int CHURN_THREADS = 8;   // each keeps one connection open at a time: 500 in all
    private static final int CHURN_CYCLES = 25;   // per churn thread
    private static final int MIN_PER_PUBLISHER = 300;
    private static final int MAX_PER_PUBLISHER = 2_000;

    record Msg(int publisher, int topic, int seq) {
    }

    /** What one connection saw, written only by its own callbacks. */
    static final class Rec {
        final Connection connection;
        final List<Msg> received = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inCallback = new AtomicInteger();
        final AtomicInteger terminations = new AtomicInteger();
        volatile boolean terminated;

        Rec(Connection connection) {
            this.connection = connection;
        }
    }

    /** Subscribes to the topics of {@code ?t=1,7} in init; "unsub:n" unsubscribes; info messages are recorded. */
    static final class Handler implements WebSock<Rec> {
        final Map<String, Rec> recs = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger afterTerminate = new AtomicInteger();
        volatile Topics topics;

        @Override
        public Result<Rec> init(Connection c) {
            Rec rec = new Rec(c);
            recs.put(c.id(), rec);
            for (String t : TopicsTest.topicsOf(c.handshake())) {
                topics.subscribe(c, t);
            }
            return Result.push(Frame.text("id:" + c.id()), rec);
        }

        @Override
        public Result<Rec> handleIn(Frame.Data frame, Rec rec) {
            enter(rec);
            try {
                String topic = ((Frame.Text) frame).text().substring("unsub:".length());
                return Result.push(Frame.text("unsub:" + topics.unsubscribe(rec.connection, topic)), rec);
            } finally {
                rec.inCallback.decrementAndGet();
            }
        }

        @Override
        public Result<Rec> handleInfo(Object message, Rec rec) {
            enter(rec);
            try {
                rec.received.add((Msg) message);
                return Result.ok(rec);
            } finally {
                rec.inCallback.decrementAndGet();
            }
        }

        @Override
        public void terminate(CloseReason reason, Rec rec) {
            enter(rec);
            rec.terminations.incrementAndGet();
            rec.terminated = true;
            rec.inCallback.decrementAndGet();
        }

        private void enter(Rec rec) {
            if (rec.inCallback.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            if (rec.terminated) {
                afterTerminate.incrementAndGet();
            }
        }
    }

    private static String idOf(WsClient client) {
        String first = client.nextText();
        assertThat(first).startsWith("id:");
        return first.substring(3);
    }

    @Test
    @DisplayName("R8 stress: 500 connections, 4 publishers, 10 topics, churn — exactly once, in order, no entry survives its connection")
    void r8_stress() throws Exception {
        Handler handler = new Handler();
        try (TestServer server = TestServer.start(TestServer.Kind.TYRUS, (ws, c) -> {
            handler.topics = ws.topics();
            c.addEndpoint(ws.endpoint("/stress", handler, WebSockOptions.DEFAULTS));
        })) {
            WebSockServer websock = server.websock();
            LocalTopics topics = (LocalTopics) websock.topics();
            ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + CHURN_THREADS);
            List<WsClient> stable = Collections.synchronizedList(new ArrayList<>());
            Map<String, Set<Integer>> stableTopics = new ConcurrentHashMap<>();
            try {
                // 1. The stable subscribers: two topics each, spread over all ten.
                int[] stablePerTopic = new int[TOPICS];
                List<Future<?>> connects = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int worker = w;
                    connects.add(pool.submit(() -> {
                        for (int i = worker; i < STABLE; i += 4) {
                            int a = i % TOPICS;
                            int b = (a + 1 + (i / TOPICS) % (TOPICS - 1)) % TOPICS;
                            WsClient c = WsClient.connect(server.uri("/stress?t=" + a + "," + b));
                            stable.add(c);
                            stableTopics.put(idOf(c), Set.of(a, b));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : connects) {
                    f.get(60, TimeUnit.SECONDS);
                }
                for (Set<Integer> ts : stableTopics.values()) {
                    ts.forEach(t -> stablePerTopic[t]++);
                }
                for (int t = 0; t < TOPICS; t++) {
                    assertThat(topics.subscribers(String.valueOf(t))).isEqualTo(stablePerTopic[t]);
                }
                assertThat(websock.registry().count()).isEqualTo(STABLE);

                // 2. Publishers and churn, together.
                AtomicBoolean churnDone = new AtomicBoolean();
                int[][] published = new int[PUBLISHERS][TOPICS];
                AtomicLong reachedTotal = new AtomicLong();
                AtomicInteger shortCounts = new AtomicInteger();
                List<Future<?>> publishers = new ArrayList<>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    int pub = p;
                    publishers.add(pool.submit(() -> {
                        for (int n = 0; n < MAX_PER_PUBLISHER && (n < MIN_PER_PUBLISHER || !churnDone.get()); n++) {
                            int topic = (n + pub) % TOPICS;
                            int reached = websock.topics().publish(String.valueOf(topic), new Msg(pub, topic, published[pub][topic]++));
                            reachedTotal.addAndGet(reached);
                            if (reached < stablePerTopic[topic]) {
                                shortCounts.incrementAndGet();
                            }
                            LockSupport.parkNanos(200_000); // pacing, so the run overlaps the churn
                        }
                        return null;
                    }));
                }
                List<String> churned = Collections.synchronizedList(new ArrayList<>());
                List<String> churnProblems = Collections.synchronizedList(new ArrayList<>());
                List<Future<?>> churners = new ArrayList<>();
                for (int w = 0; w < CHURN_THREADS; w++) {
                    churners.add(pool.submit(() -> {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        for (int cycle = 0; cycle < CHURN_CYCLES; cycle++) {
                            int a = r.nextInt(TOPICS);
                            int b = (a + 1 + r.nextInt(TOPICS - 1)) % TOPICS;
                            WsClient c = WsClient.connect(server.uri("/stress?t=" + a + "," + b));
                            String id = idOf(c);
                            churned.add(id);
                            if (r.nextInt(3) == 0) {
                                c.text("unsub:" + a);
                                assertThat(c.nextText()).isEqualTo("unsub:true");
                            }
                            if (r.nextBoolean()) {
                                c.sendClose(1000, "");
                            } else {
                                c.abort();
                            }
                            c.close();
                            Rec rec = handler.recs.get(id);
                            ConnectionProcess<?> p = (ConnectionProcess<?>) rec.connection;
                            p.endedFuture().get(10, TimeUnit.SECONDS);
                            // The end is complete: no registry entry, no subscription, no further delivery.
                            if (websock.registry().lookup(id).isPresent()) {
                                churnProblems.add(id + " still listed after its end");
                            }
                            if (!topics.topicsOf(p).isEmpty()) {
                                churnProblems.add(id + " still subscribed to " + topics.topicsOf(p));
                            }
                            if (rec.terminations.get() != 1) {
                                churnProblems.add(id + " terminated " + rec.terminations.get() + " times");
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : churners) {
                    f.get(60, TimeUnit.SECONDS);
                }
                churnDone.set(true);
                for (Future<?> f : publishers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertThat(churnProblems).isEmpty();
                assertThat(churned).hasSize(CHURN_THREADS * CHURN_CYCLES);
                assertThat(shortCounts).as("publishes that reached fewer than the stable subscribers").hasValue(0);

                // 3. Every stable subscriber gets every message of its topics exactly once, in publisher order.
                Map<Integer, Integer> perTopic = new HashMap<>();
                for (int t = 0; t < TOPICS; t++) {
                    int sum = 0;
                    for (int p = 0; p < PUBLISHERS; p++) {
                        sum += published[p][t];
                    }
                    perTopic.put(t, sum);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> stableTopics.entrySet().stream().allMatch(e ->
                        handler.recs.get(e.getKey()).received.size()
                                >= e.getValue().stream().mapToInt(perTopic::get).sum()));
                for (Map.Entry<String, Set<Integer>> e : stableTopics.entrySet()) {
                    List<Msg> got;
                    Rec rec = handler.recs.get(e.getKey());
                    synchronized (rec.received) {
                        got = new ArrayList<>(rec.received);
                    }
                    int[][] next = new int[PUBLISHERS][TOPICS];
                    for (Msg m : got) {
                        assertThat(e.getValue()).as("%s got a message of a topic it never subscribed to", e.getKey())
                                .contains(m.topic());
                        assertThat(m.seq()).as("%s: publisher %d, topic %d", e.getKey(), m.publisher(), m.topic())
                                .isEqualTo(next[m.publisher()][m.topic()]);
                        next[m.publisher()][m.topic()]++;
                    }
                    for (int p = 0; p < PUBLISHERS; p++) {
                        for (int t : e.getValue()) {
                            assertThat(next[p][t]).as("%s: messages of publisher %d on topic %d", e.getKey(), p, t)
                                    .isEqualTo(published[p][t]);
                        }
                    }
                }

                // 4. Connections that came and went: per publisher and topic a gap-free run, no duplicates.
                long delivered = 0;
                for (String id : churned) {
                    List<Msg> got = new ArrayList<>(handler.recs.get(id).received);
                    delivered += got.size();
                    Map<Long, Integer> last = new HashMap<>();
                    for (Msg m : got) {
                        Integer prev = last.put((long) m.publisher() * TOPICS + m.topic(), m.seq());
                        if (prev != null) {
                            assertThat(m.seq()).as("%s: publisher %d, topic %d", id, m.publisher(), m.topic())
                                    .isEqualTo(prev + 1);
                        }
                    }
                }
                for (String id : stableTopics.keySet()) {
                    delivered += handler.recs.get(id).received.size();
                }
                assertThat(delivered).as("deliveries never exceed what publish counted").isLessThanOrEqualTo(reachedTotal.get());
                System.out.printf("stress: %d publishes, %d accepted by mailboxes, %d delivered, %d connections churned%n",
                        java.util.Arrays.stream(published).flatMapToInt(java.util.Arrays::stream).sum(),
                        reachedTotal.get(), delivered, churned.size());
            } finally {
                stable.forEach(WsClient::close);
                pool.shutdownNow();
            }

            // 5. Nothing survives the connections.
            await().atMost(Duration.ofSeconds(30)).until(() -> websock.registry().count() == 0);
            assertThat(topics.topicCount()).isZero();
            assertThat(topics.subscribedConnectionCount()).isZero();
            assertThat(handler.recs).hasSize(STABLE + CHURN_THREADS * CHURN_CYCLES);
            assertThat(handler.recs.values()).allSatisfy(r -> assertThat(r.terminations).hasValue(1));
            assertThat(handler.overlaps).hasValue(0);
            assertThat(handler.afterTerminate).hasValue(0);
        }
    }
}
