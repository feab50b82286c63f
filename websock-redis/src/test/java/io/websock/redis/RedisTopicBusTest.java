package io.websock.redis;

import io.websock.spi.TopicBus;
import io.websock.test.bus.TopicBusContract;
import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import io.websock.test.junit.WebSockTestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bus contract (C1, C2, C5, C6 from {@link TopicBusContract}) on three servers (embedded Tomcat, each its own
 * {@link RedisTopicBus}) in this JVM sharing one real {@code redis-server}, plus the Redis restart (C3), which runs
 * last: it is the only test that stops Redis. The multi-process variant is {@link RedisNodesProcessTest}.
 */
@DisplayName("RedisTopicBus on a real redis-server, three servers")
class RedisTopicBusTest extends TopicBusContract {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private RedisServer redis;

    @Override
    protected void startBroker() throws Exception {
        redis = RedisServer.launch();
    }

    /**
     * Bounds high enough that C2's 40 000 publishes, blasted by four threads at once, are all forwarded even on a
     * loaded machine: with the default 5 s forward timeout, a 2-core machine busy with other builds timed PUBLISHes
     * out (counted as dropped, as the failure policy says), and C2 is about order, not about that policy (C3 is).
     */
    @Override
    protected TopicBus newBus() {
        return RedisTopicBus.builder(redis.uri()).maxPending(100_000).maxPendingBytes(256L << 20)
                .forwardTimeout(Duration.ofSeconds(60)).build();
    }

    @Override
    protected void stopBroker() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected int serverCount() {
        return 3;
    }

    private RedisTopicBus redisBus(int i) {
        return (RedisTopicBus) bus(i);
    }

    @Test
    @Order(5)
    @DisplayName("Nothing was dropped or missed by the contract's scenarios, and every forward was acknowledged")
    void countsAfterTheContract() {
        for (int i = 0; i < serverCount(); i++) {
            assertThat(redisBus(i).dropped()).as("dropped on server %d", i).isZero();
            assertThat(redisBus(i).missed()).as("missed on server %d", i).isZero();
            assertThat(redisBus(i).forwarded()).as("forwarded by server %d", i).isPositive();
        }
    }

    @Test
    @Order(10)
    @DisplayName("C3 Redis restarted mid-stream: local delivery goes on, the gap is counted, forwarding resumes within seconds, no connection closed")
    void c3_redisRestart() throws Exception {
        WebSockTestServer a = server(0);
        try (WebSockTestClient onA = subscribe(0, "c3"); WebSockTestClient onB = subscribe(1, "c3")) {
            AtomicInteger seq = new AtomicInteger();
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
            publisher.start();
            long missedBefore = redisBus(1).missed();
            try {
                await().atMost(WAIT).until(() -> numbers(onB).size() >= 20);
                long droppedBefore = redisBus(0).dropped();
                redis.stop();
                await("the outage is seen and counted").atMost(WAIT).until(() -> redisBus(0).dropped() > droppedBefore);
                redis.start();
                int afterRestart = seq.get();
                long restarted = System.nanoTime();
                await("forwarding resumes after the restart (B re-subscribed)").atMost(WAIT)
                        .until(() -> numbers(onB).stream().anyMatch(n -> n > afterRestart));
                System.out.printf("C3: forwarding resumed %d ms after redis-server accepted connections; %d dropped%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted), redisBus(0).dropped() - droppedBefore);
            } finally {
                running.set(false);
                publisher.join(10_000);
            }
            int published = seq.get();
            // A's own subscriber got every message, in order, Redis or not
            for (int i = 0; i < published; i++) {
                onA.expectText(Integer.toString(i));
            }
            await().atMost(WAIT).until(() -> numbers(onB).contains(published - 1));
            List<Integer> got = numbers(onB);
            assertThat(got).as("B's messages: increasing, no duplicates").isSorted().doesNotHaveDuplicates();
            assertThat(got.size()).as("B missed the gap").isLessThan(published);
            // The gap is counted: B sees it in A's numbering (what A could not hand to Redis, and what Redis could not
            // pass on while B was re-subscribing, which A cannot know about).
            assertThat(redisBus(1).missed() - missedBefore).as("the gap B counted").isEqualTo(published - got.size());
            assertThat(publishErrors).isEmpty();
            assertThat(onA.isClosed()).isFalse();
            assertThat(onB.isClosed()).isFalse();
            assertThat(redisBus(0).connected()).isTrue();
            assertThat(redisBus(1).connected()).isTrue();
        }
    }

    /** The numbers {@code client} has received so far ("ready" skipped). */
    private static List<Integer> numbers(WebSockTestClient client) {
        return client.received().stream()
                .filter(r -> r instanceof Received.Text t && !t.text().equals("ready"))
                .map(r -> Integer.parseInt(((Received.Text) r).text()))
                .toList();
    }
}
