package io.websock.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: what Redis pays per PUBLISH when each of two subscriber connections ("nodes") holds one pattern
 * subscription ({@code PSUBSCRIBE websock:*}, what {@code RedisTopicBus} does) vs one channel subscription per
 * topic ({@code SUBSCRIBE websock:t0 … websock:t999}). One Lettuce publisher connection publishes {@code messages}
 * 24-byte messages round-robin over the topics with at most 1 000 in flight; measured: publishes/s until every
 * message reached both subscribers, and redis-server CPU per publish (utime + stime from /proc, 10 ms ticks).
 * Run with {@code TopicFanout mode=redis-subscriptions [topics=1000] [messages=300000] [rounds=3]}.
 */
final class RedisSubscriptions {

    private RedisSubscriptions() {
    }

    static void run(Map<String, String> p) throws Exception {
        int topics = Integer.parseInt(p.getOrDefault("topics", "1000"));
        int messages = Integer.parseInt(p.getOrDefault("messages", "300000"));
        int rounds = Integer.parseInt(p.getOrDefault("rounds", "3"));
        System.out.printf("# Redis subscriptions: %d topics, %d messages per run, %d rounds, load average %s%n", topics,
                messages, rounds, TopicFanout.loadAverage());
        List<String> rows = new ArrayList<>();
        try (TopicFanout.RedisProcess redis = TopicFanout.RedisProcess.launch()) {
            RedisClient client = RedisClient.create(redis.uri());
            try {
                for (int round = 0; round <= rounds; round++) { // round 0: warm-up, not reported
                    for (String mode : List.of("pattern", "channels")) {
                        String row = once(client, redis, mode, topics, messages);
                        System.out.println((round == 0 ? "warm-up " : "") + row);
                        if (round > 0) {
                            rows.add(row);
                        }
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        System.out.println();
        System.out.println("| subscriptions per node (2 nodes) | publishes/s (both nodes received all) | redis-server CPU µs per publish |");
        System.out.println("|---|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static String once(RedisClient client, TopicFanout.RedisProcess redis, String mode, int topics, int messages)
            throws Exception {
        List<StatefulRedisPubSubConnection<String, String>> nodes = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        String[] channels = new String[topics];
        for (int i = 0; i < topics; i++) {
            channels[i] = "websock:t" + i;
        }
        for (int n = 0; n < 2; n++) {
            StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.incrementAndGet();
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.incrementAndGet();
                }
            });
            if (mode.equals("pattern")) {
                c.sync().psubscribe("websock:*");
            } else {
                c.sync().subscribe(channels);
            }
            nodes.add(c);
        }
        String payload = "x".repeat(24);
        try (StatefulRedisConnection<String, String> pub = client.connect()) {
            RedisAsyncCommands<String, String> async = pub.async();
            Semaphore inFlight = new Semaphore(1000);
            long cpu0 = redis.cpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                inFlight.acquire();
                async.publish(channels[i % topics], payload).whenComplete((r, e) -> inFlight.release());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.get() < 2L * messages && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long t1 = System.nanoTime();
            long cpu1 = redis.cpuNanos();
            if (received.get() < 2L * messages) {
                throw new IllegalStateException(mode + ": only " + received.get() + " of " + 2L * messages + " received");
            }
            return String.format(Locale.ROOT, "| %s | %.0f | %.2f |",
                    mode.equals("pattern") ? "1 pattern (`PSUBSCRIBE websock:*`)" : topics + " channels (`SUBSCRIBE`)",
                    messages / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e3 / messages);
        } finally {
            for (StatefulRedisPubSubConnection<String, String> c : nodes) {
                c.close();
            }
        }
    }
}
