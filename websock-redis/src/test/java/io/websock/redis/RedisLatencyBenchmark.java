package io.websock.redis;

import io.websock.Frame;
import io.websock.jakarta.WsClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: publish-to-delivery latency for a local and a remote subscriber through {@link RedisTopicBus}.
 * Two servers (embedded Tomcat) in this JVM share one {@code redis-server} it starts; a JDK WebSocket client
 * subscribes on each; the publisher on server A publishes {@code Frame.text(nanoTime)} at a fixed rate, and each
 * client computes now − published (same JVM, same clock). Usage:
 * {@code RedisLatencyBenchmark [messages=20000] [perSecond=2000] [subscribersPerNode=1]}.
 */
public final class RedisLatencyBenchmark {

    private RedisLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int perNode = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (RedisServer redis = RedisServer.launch();
             Node a = Node.start(RedisTopicBus.builder(redis.uri()).build());
             Node b = Node.start(RedisTopicBus.builder(redis.uri()).build())) {
            List<WsClient> local = new ArrayList<>();
            List<WsClient> remote = new ArrayList<>();
            for (int i = 0; i < perNode; i++) {
                local.add(subscribe(a));
                remote.add(subscribe(b));
            }
            List<long[]> results = new ArrayList<>();
            Thread[] readers = new Thread[2 * perNode];
            for (int i = 0; i < readers.length; i++) {
                WsClient c = i < perNode ? local.get(i) : remote.get(i - perNode);
                long[] lat = new long[messages];
                results.add(lat);
                readers[i] = new Thread(() -> {
                    for (int n = 0; n < messages; n++) {
                        String t = c.nextText();
                        lat[n] = System.nanoTime() - Long.parseLong(t);
                    }
                });
                readers[i].start();
            }
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long start = System.nanoTime();
            for (int n = 0; n < messages; n++) {
                long due = start + n * interval;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                a.websock().topics().publish("bench", Frame.text(Long.toString(System.nanoTime())));
            }
            for (Thread t : readers) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }
            System.out.printf("%d messages at %d/s, %d subscriber(s) per node, dropped on A: %d%n",
                    messages, perSecond, perNode, a.bus().dropped());
            report("local  (A->A)", results.subList(0, perNode));
            report("remote (A->B)", results.subList(perNode, 2 * perNode));
            local.forEach(WsClient::close);
            remote.forEach(WsClient::close);
        }
        System.exit(0);
    }

    private static WsClient subscribe(Node node) {
        WsClient c = WsClient.connect(node.uri("/t/bench"));
        if (!c.nextText().equals("ready")) {
            throw new IllegalStateException("not subscribed");
        }
        return c;
    }

    private static void report(String what, List<long[]> all) {
        // the first 10 % of each subscriber's messages are warm-up (JIT, connections)
        long[] measured = all.stream().flatMapToLong(l -> Arrays.stream(l, l.length / 10, l.length)).toArray();
        Arrays.sort(measured);
        System.out.printf("%s p50 %.3f ms  p99 %.3f ms  max %.3f ms%n", what,
                measured[measured.length / 2] / 1e6, measured[(int) (measured.length * 0.99)] / 1e6,
                measured[measured.length - 1] / 1e6);
    }
}
