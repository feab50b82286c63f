package io.websock.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Echo load through the bridge against a raw endpoint on the same embedded Tomcat, in one JVM run,
 * alternating raw and bridge rounds so drift (JIT, GC, the machine) hits both alike.
 *
 * <ul>
 *   <li><b>throughput</b>: {@code clients} connections each keep {@code window} messages in flight for
 *       {@code seconds}; echoes per second.</li>
 *   <li><b>latency</b>: {@code clients} connections each do {@code samples} request/response round trips,
 *       one at a time; p50/p99/p99.9 of the round trip.</li>
 * </ul>
 * Parameters as system properties: {@code -Dclients=16 -Dwindow=32 -Dseconds=5 -Drounds=3 -Dpayload=64
 * -Dsamples=5000}. Loopback only; every loop is bounded and the run stops by itself.
 */
public final class EchoLoad {

    private static final int CLIENTS = Integer.getInteger("clients", 16);
    private static final int WINDOW = Integer.getInteger("window", 32);
    private static final int SECONDS = Integer.getInteger("seconds", 5);
    private static final int ROUNDS = Integer.getInteger("rounds", 3);
    private static final int PAYLOAD = Integer.getInteger("payload", 64);
    private static final int SAMPLES = Integer.getInteger("samples", 5000);

    private EchoLoad() {
    }

    public static void main(String[] args) throws Exception {
        String message = "x".repeat(PAYLOAD);
        System.out.printf(Locale.ROOT, "EchoLoad: clients=%d window=%d seconds=%d rounds=%d payload=%dB samples=%d, JDK %s, %d cores%n",
                CLIENTS, WINDOW, SECONDS, ROUNDS, PAYLOAD, SAMPLES, Runtime.version(), Runtime.getRuntime().availableProcessors());
        try (EchoServer server = new EchoServer(null)) {
            // Warm-up: both paths, not recorded.
            throughput(server.uri("/raw"), message, 2);
            throughput(server.uri("/bridge"), message, 2);
            latency(server.uri("/raw"), message, SAMPLES / 5);
            latency(server.uri("/bridge"), message, SAMPLES / 5);

            double rawSum = 0;
            double bridgeSum = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                double raw = throughput(server.uri("/raw"), message, SECONDS);
                double bridge = throughput(server.uri("/bridge"), message, SECONDS);
                rawSum += raw;
                bridgeSum += bridge;
                System.out.printf(Locale.ROOT, "throughput round %d: raw %,.0f msg/s, bridge %,.0f msg/s, bridge/raw %.3f%n",
                        round, raw, bridge, bridge / raw);
            }
            System.out.printf(Locale.ROOT, "throughput overall: raw %,.0f msg/s, bridge %,.0f msg/s, bridge/raw %.3f%n",
                    rawSum / ROUNDS, bridgeSum / ROUNDS, bridgeSum / rawSum);

            long[] rawAll = new long[0];
            long[] bridgeAll = new long[0];
            for (int round = 1; round <= ROUNDS; round++) {
                long[] raw = latency(server.uri("/raw"), message, SAMPLES);
                long[] bridge = latency(server.uri("/bridge"), message, SAMPLES);
                rawAll = concat(rawAll, raw);
                bridgeAll = concat(bridgeAll, bridge);
                System.out.printf(Locale.ROOT, "latency round %d: raw %s | bridge %s%n", round, percentiles(raw), percentiles(bridge));
            }
            Arrays.sort(rawAll);
            Arrays.sort(bridgeAll);
            System.out.printf(Locale.ROOT, "latency overall: raw %s | bridge %s | p99 bridge/raw %.3f%n",
                    percentiles(rawAll), percentiles(bridgeAll),
                    (double) at(bridgeAll, 0.99) / at(rawAll, 0.99));
        }
    }

    /** Echoes per second with {@code CLIENTS} connections each keeping {@code WINDOW} messages in flight. */
    static double throughput(URI uri, String message, int seconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong echoes = new AtomicLong();
        List<Pipelined> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new Pipelined(http, uri, message, running, echoes));
        }
        clients.forEach(Pipelined::start);
        TimeUnit.SECONDS.sleep(1); // ramp-up, not counted (a benchmark, not a test: fixed-duration phases)
        long before = echoes.get();
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        long counted = echoes.get() - before;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        running.set(false);
        for (Pipelined c : clients) {
            c.stop();
        }
        return counted / elapsed;
    }

    /** One connection keeping a window of messages in flight; sends are chained (one at a time per socket). */
    private static final class Pipelined implements WebSocket.Listener {
        private final String message;
        private final AtomicBoolean running;
        private final AtomicLong echoes;
        private final WebSocket ws;
        private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

        Pipelined(HttpClient http, URI uri, String message, AtomicBoolean running, AtomicLong echoes) {
            this.message = message;
            this.running = running;
            this.echoes = echoes;
            this.ws = http.newWebSocketBuilder().buildAsync(uri, this).join();
        }

        void start() {
            for (int i = 0; i < WINDOW; i++) {
                send();
            }
        }

        private synchronized void send() {
            sends = sends.thenCompose(x -> ws.sendText(message, true));
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last) {
                echoes.incrementAndGet();
                if (running.get()) {
                    send();
                }
            }
            return null;
        }

        void stop() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            ws.abort();
        }
    }

    /** Round-trip nanos of {@code samples} request/response exchanges on each of {@code CLIENTS} connections. */
    static long[] latency(URI uri, String message, int samples) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<long[]>> runs = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> oneClientLatency(http, uri, message, samples)));
        }
        long[] all = new long[0];
        for (CompletableFuture<long[]> run : runs) {
            all = concat(all, run.get(5, TimeUnit.MINUTES));
        }
        Arrays.sort(all);
        return all;
    }

    private static long[] oneClientLatency(HttpClient http, URI uri, String message, int samples) {
        final CompletableFuture<?>[] pending = new CompletableFuture<?>[1];
        WebSocket ws = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                webSocket.request(1);
                if (last) {
                    pending[0].complete(null);
                }
                return null;
            }
        }).join();
        long[] nanos = new long[samples];
        try {
            for (int i = 0; i < samples; i++) {
                CompletableFuture<Object> echo = new CompletableFuture<>();
                pending[0] = echo;
                long t0 = System.nanoTime();
                ws.sendText(message, true).join();
                echo.get(10, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - t0;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            ws.abort();
        }
        return nanos;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    private static String percentiles(long[] sorted) {
        long[] s = sorted.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs",
                at(s, 0.50) / 1e3, at(s, 0.99) / 1e3, at(s, 0.999) / 1e3);
    }
}
