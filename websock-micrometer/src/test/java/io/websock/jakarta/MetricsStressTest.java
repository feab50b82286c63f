package io.websock.jakarta;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.websock.Result;
import io.websock.WebSockOptions;
import io.websock.micrometer.WebSockMetrics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 200 connections driven by 8 client threads at once through embedded Tomcat, each echoing a mix of text and
 * binary messages of varied sizes and then closing: every counter of {@link WebSockMetrics} agrees exactly with
 * what the clients sent and received.
 */
class MetricsStressTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 25;
    private static final int MESSAGES = 10;

    @Test
    @DisplayName("S17 stress: 200 connections x 8 threads, opened/closed/messages/bytes counters equal what the clients observed")
    void countersAgreeWithClients() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WebSockMetrics metrics = new WebSockMetrics();
        metrics.bindTo(registry);
        AtomicLong textIn = new AtomicLong(), textInBytes = new AtomicLong(), binIn = new AtomicLong(), binInBytes = new AtomicLong();
        AtomicLong textOut = new AtomicLong(), textOutBytes = new AtomicLong(), binOut = new AtomicLong(), binOutBytes = new AtomicLong();
        try (TestServer server = TestServer.start(TestServer.Kind.TOMCAT, (ws, c) -> {
            ws.events(metrics);
            c.addEndpoint(ws.endpoint("/stress/{n}", new Scripted().in((f, s) -> Result.push(f, s)), WebSockOptions.DEFAULTS));
        })) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    List<WsClient> clients = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        clients.add(WsClient.connect(server.uri("/stress/" + (thread * PER_THREAD + i))));
                    }
                    for (int m = 0; m < MESSAGES; m++) {
                        for (WsClient client : clients) {
                            if (m % 3 == 2) {
                                byte[] data = new byte[1 + thread * 31 + m * 7];
                                client.binary(data);
                                binOut.incrementAndGet();
                                binOutBytes.addAndGet(data.length);
                            } else {
                                String text = "é".repeat(1 + thread + m) + m;
                                client.text(text);
                                textOut.incrementAndGet();
                                textOutBytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
                            }
                        }
                        for (WsClient client : clients) {
                            if (m % 3 == 2) {
                                binIn.incrementAndGet();
                                binInBytes.addAndGet(client.nextBinary().length);
                            } else {
                                textIn.incrementAndGet();
                                textInBytes.addAndGet(client.nextText().getBytes(StandardCharsets.UTF_8).length);
                            }
                        }
                    }
                    for (WsClient client : clients) {
                        client.sendClose(1000, "");
                    }
                    for (WsClient client : clients) {
                        client.awaitClose(Duration.ofSeconds(20));
                        client.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            int total = THREADS * PER_THREAD;
            await().atMost(Duration.ofSeconds(20)).until(() -> closed(registry) == total);
            assertThat(registry.get("websock.connections.opened").counter().count()).isEqualTo(total);
            assertThat(registry.get("websock.connections.open").gauge().value()).isZero();
            assertThat(count(registry, "websock.messages", "in", "text")).isEqualTo(textOut.get());
            assertThat(count(registry, "websock.messages.bytes", "in", "text")).isEqualTo(textOutBytes.get());
            assertThat(count(registry, "websock.messages", "in", "binary")).isEqualTo(binOut.get());
            assertThat(count(registry, "websock.messages.bytes", "in", "binary")).isEqualTo(binOutBytes.get());
            assertThat(count(registry, "websock.messages", "out", "text")).isEqualTo(textIn.get());
            assertThat(count(registry, "websock.messages.bytes", "out", "text")).isEqualTo(textInBytes.get());
            assertThat(count(registry, "websock.messages", "out", "binary")).isEqualTo(binIn.get());
            assertThat(count(registry, "websock.messages.bytes", "out", "binary")).isEqualTo(binInBytes.get());
            assertThat(textIn.get() + binIn.get()).isEqualTo((long) total * MESSAGES);
            assertThat(registry.get("websock.callback.duration").tag("callback", "handleIn").timer().count())
                    .isEqualTo((long) total * MESSAGES);
        }
    }

    private static long closed(SimpleMeterRegistry registry) {
        var c = registry.find("websock.connections.closed").tags("code", "1000", "reason", "remote").counter();
        return c == null ? 0 : (long) c.count();
    }

    private static long count(SimpleMeterRegistry registry, String name, String direction, String type) {
        return (long) registry.get(name).tags("path", "/stress/{n}", "direction", direction, "type", type).counter().count();
    }
}
