package io.websock.bench;

import io.websock.jakarta.WebSockServer;

import io.websock.WebSockOptions;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Echo load generator: bridge vs raw {@code Endpoint} on ONE embedded Tomcat, in ONE JVM run.
 *
 * <p>The server has two endpoints: {@code /raw} ({@link RawEcho}: a whole-message handler answering with
 * a blocking {@code getBasicRemote().sendText} on the read thread) and {@code /bridge} (the WebSock
 * {@link EchoHandler} via {@code WebSockServer.endpoint}, default options). Clients are the JDK's
 * {@code java.net.http.WebSocket}, all on 127.0.0.1, in the same JVM as the server.
 *
 * <p>After one unrecorded warm-up pair, it runs {@code pairs} pairs (raw, then bridge) of two phases:
 * <ol>
 *   <li><b>throughput</b>: {@code clients} connections, each keeping {@code window} text messages of
 *       {@code size} bytes in flight; after {@code warmup}, counts echoes received for {@code duration}
 *       and reports echoes/s and process CPU µs per echo;</li>
 *   <li><b>latency</b>: {@code clients} connections, each sending one message and waiting for its echo
 *       (request/response, window 1); after {@code latencyWarmup}, records every round trip for
 *       {@code latencyDuration} and reports p50/p99/p99.9 (exact, from the sorted samples).</li>
 * </ol>
 * Then it prints per-pair and overall ratios bridge/raw against the targets (throughput ≥ 0.95, p99 within
 * +10 %) as Markdown, and exits. Whole run with defaults: about 90 seconds.
 *
 * <p>Parameters: {@code key=value} arguments, or {@code -Dbench.key=value}; keys: clients (4), window (16),
 * size (64), pairs (3), warmup (2s), duration (5s), latencyWarmup (1s), latencyDuration (4s),
 * useAsyncIO (true: Tomcat's NIO connector setting), container ({@code tomcat}, {@code jetty} = Jetty 12 ee10,
 * {@code tyrus} = Tyrus standalone on Grizzly: where {@code /raw} and {@code /bridge} run), baseline ({@code basic} = {@link RawEcho}, or
 * {@code async} = {@link RawAsyncEcho}, the raw endpoint writing asynchronously like the bridge must, or
 * {@code bridge} = the same bridge echo on {@code /bridge-plain}, served by a second {@code WebSockServer} that has
 * no events listener), listener ({@code none}, {@code micrometer} = {@code WebSockMetrics} on a Prometheus
 * registry, {@code otel} = {@code WebSockTelemetry} on the OpenTelemetry SDK with an in-memory reader: the
 * events listener of {@code /bridge}). {@code baseline=bridge listener=micrometer} measures what the metrics cost.
 * Durations take {@code 500ms}, {@code 5s} or ISO-8601 ({@code PT5S}).
 */
public final class EchoLoad {

    private static final double THROUGHPUT_TARGET = 0.95;
    private static final double P99_TARGET = 1.10;
    private static final List<String> KNOWN = List.of("clients", "window", "size", "pairs", "warmup", "duration",
            "latencyWarmup", "latencyDuration", "useAsyncIO", "baseline", "listener", "container");

    private final Map<String, String> params;
    private final int clients;
    private final int window;
    private final int size;
    private final int pairs;
    private final Duration warmup;
    private final Duration duration;
    private final Duration latencyWarmup;
    private final Duration latencyDuration;
    private final boolean useAsyncIO;
    private final String baseline;
    private final String listener;
    private final String container;
    private final String payload;
    private final HttpClient http = HttpClient.newHttpClient();

    private EchoLoad(String[] args) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String key : KNOWN) {
            String v = System.getProperty("bench." + key);
            if (v != null) {
                p.put(key, v);
            }
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + arg);
            }
            p.put(arg.substring(0, eq).replaceFirst("^-+", ""), arg.substring(eq + 1));
        }
        params = p;
        clients = intParam("clients", 4);
        window = intParam("window", 16);
        size = intParam("size", 64);
        pairs = intParam("pairs", 3);
        warmup = durationParam("warmup", "2s");
        duration = durationParam("duration", "5s");
        latencyWarmup = durationParam("latencyWarmup", "1s");
        latencyDuration = durationParam("latencyDuration", "4s");
        String async = params.getOrDefault("useAsyncIO", "true").trim();
        if (!async.equals("true") && !async.equals("false")) {
            throw new IllegalArgumentException("useAsyncIO must be true or false, got " + async);
        }
        useAsyncIO = Boolean.parseBoolean(async);
        baseline = params.getOrDefault("baseline", "basic").trim();
        if (!baseline.equals("basic") && !baseline.equals("async") && !baseline.equals("bridge")) {
            throw new IllegalArgumentException("baseline must be basic (RawEcho, blocking sends), async (RawAsyncEcho) "
                    + "or bridge (the bridge without a listener), got " + baseline);
        }
        listener = params.getOrDefault("listener", "none").trim();
        if (!List.of("none", "micrometer", "otel").contains(listener)) {
            throw new IllegalArgumentException("listener must be none, micrometer or otel, got " + listener);
        }
        container = params.getOrDefault("container", "tomcat").trim();
        if (!List.of("tomcat", "jetty", "tyrus").contains(container)) {
            throw new IllegalArgumentException("container must be tomcat, jetty or tyrus, got " + container);
        }
        for (String key : params.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown parameter " + key + "; known: " + KNOWN);
            }
        }
        payload = "x".repeat(size);
    }

    /** Held so the level sticks: Tomcat's start/stop chatter would bury the report. */
    private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

    public static void main(String[] args) throws Exception {
        TOMCAT_LOG.setLevel(java.util.logging.Level.SEVERE);
        EchoLoad load = new EchoLoad(args);
        int status;
        WebSockServer plain = WebSockServer.create(); // no listener, whatever /bridge has
        try (EchoServers.Server server = EchoServers.start(load.container, load.useAsyncIO, (websock, container) -> {
            websock.events(Listeners.of(load.listener));
            container.addEndpoint(ServerEndpointConfig.Builder.create(RawEcho.class, "/raw").build());
            container.addEndpoint(ServerEndpointConfig.Builder.create(RawAsyncEcho.class, "/raw-async").build());
            container.addEndpoint(websock.endpoint("/bridge", new EchoHandler(), WebSockOptions.DEFAULTS));
            container.addEndpoint(plain.endpoint("/bridge-plain", new EchoHandler(), WebSockOptions.DEFAULTS));
        })) {
            String baselinePath = switch (load.baseline) {
                case "async" -> "/raw-async";
                case "bridge" -> "/bridge-plain";
                default -> "/raw";
            };
            status = load.run(server.uri(baselinePath), server.uri("/bridge"));
        } finally {
            plain.shutdown();
        }
        System.exit(status);
    }

    private int run(URI raw, URI bridge) throws Exception {
        System.out.printf(Locale.ROOT, "# EchoLoad: JDK %s (%s), %d CPUs, clients=%d window=%d size=%dB pairs=%d "
                        + "warmup=%s duration=%s latencyWarmup=%s latencyDuration=%s useAsyncIO=%s baseline=%s (raw = %s) "
                        + "listener=%s (on /bridge) container=%s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), clients, window, size, pairs,
                warmup, duration, latencyWarmup, latencyDuration, useAsyncIO, baseline, raw.getPath(), listener, container);
        System.out.println("# warm-up pair (not recorded)");
        for (URI uri : List.of(raw, bridge)) {
            throughput(uri, warmup, warmup);
            latency(uri, latencyWarmup, latencyWarmup);
        }
        List<Throughput> rawTp = new ArrayList<>();
        List<Throughput> bridgeTp = new ArrayList<>();
        List<Latency> rawLat = new ArrayList<>();
        List<Latency> bridgeLat = new ArrayList<>();
        for (int i = 1; i <= pairs; i++) {
            Throughput rt = throughput(raw, warmup, duration);
            Latency rl = latency(raw, latencyWarmup, latencyDuration);
            Throughput bt = throughput(bridge, warmup, duration);
            Latency bl = latency(bridge, latencyWarmup, latencyDuration);
            rawTp.add(rt);
            bridgeTp.add(bt);
            rawLat.add(rl);
            bridgeLat.add(bl);
            System.out.printf(Locale.ROOT, "# pair %d: raw %.0f/s p99 %s | bridge %.0f/s p99 %s%n", i,
                    rt.perSecond(), micros(percentile(rl.sorted(), 0.99)), bt.perSecond(), micros(percentile(bl.sorted(), 0.99)));
        }
        return report(rawTp, bridgeTp, rawLat, bridgeLat);
    }

    // ---------------------------------------------------------------- phases

    /**
     * One counted window: echoes, wall time, the whole process's CPU time, and the server side's share of it
     * (process CPU minus the CPU of the client's threads: the JDK {@code HttpClient}'s and the sender threads;
     * JIT and GC threads count as server).
     */
    record Throughput(long echoes, long nanos, long cpuNanos, long serverCpuNanos) {
        double perSecond() {
            return echoes * 1e9 / nanos;
        }

        double cpuMicrosPerEcho() {
            return echoes == 0 ? Double.NaN : cpuNanos / 1e3 / echoes;
        }

        double serverCpuMicrosPerEcho() {
            return echoes == 0 ? Double.NaN : serverCpuNanos / 1e3 / echoes;
        }
    }

    /** The latency phase: the sorted round trips, and the same window as a one-in-flight throughput run. */
    record Latency(long[] sorted, Throughput throughput) {
    }

    /** CPU time of the client's threads (JDK HttpClient and bench senders), per thread id, now. */
    private static Map<Long, Long> clientThreadCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("HttpClient-") || info.getThreadName().startsWith("bench-sender"))) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    private static long clientCpuBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (var e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    private Throughput throughput(URI uri, Duration warm, Duration measure) throws Exception {
        LongAdder echoes = new LongAdder();
        List<Client> all = connect(uri, window, echoes);
        try {
            all.forEach(Client::startSending);
            sleep(warm);
            long c0 = echoes.sum();
            Map<Long, Long> client0 = clientThreadCpu();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            sleep(measure);
            long c1 = echoes.sum();
            long cpu1 = processCpuNanos();
            long t1 = System.nanoTime();
            long clientCpu = clientCpuBetween(client0, clientThreadCpu());
            return new Throughput(c1 - c0, t1 - t0, cpu1 - cpu0, cpu1 - cpu0 - clientCpu);
        } finally {
            closeAll(all);
        }
    }

    private Latency latency(URI uri, Duration warm, Duration measure) throws Exception {
        List<Client> all = connect(uri, 1, new LongAdder());
        long nanos;
        long cpu;
        long clientCpu;
        try {
            all.forEach(Client::startSending);
            sleep(warm);
            Map<Long, Long> client0 = clientThreadCpu();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            all.forEach(c -> c.recording = true);
            sleep(measure);
            all.forEach(c -> c.recording = false);
            nanos = System.nanoTime() - t0;
            cpu = processCpuNanos() - cpu0;
            clientCpu = clientCpuBetween(client0, clientThreadCpu());
        } finally {
            closeAll(all);
        }
        int n = all.stream().mapToInt(c -> c.samples).sum();
        long[] merged = new long[n];
        int at = 0;
        for (Client c : all) {
            System.arraycopy(c.rtt, 0, merged, at, c.samples);
            at += c.samples;
        }
        Arrays.sort(merged);
        return new Latency(merged, new Throughput(n, nanos, cpu, cpu - clientCpu));
    }

    private List<Client> connect(URI uri, int window, LongAdder echoes) {
        List<Client> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client c = new Client(window, echoes);
            c.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, c).orTimeout(10, TimeUnit.SECONDS).join();
            all.add(c);
        }
        return all;
    }

    private static void closeAll(List<Client> all) throws InterruptedException {
        for (Client c : all) {
            c.stopSending();
        }
        for (Client c : all) {
            c.close();
        }
    }

    // ---------------------------------------------------------------- one client connection

    /**
     * One connection with a sender thread that keeps {@code window} messages in flight: it takes a permit
     * per message; each echo gives one back. With window 1 it is request/response, and each round trip is
     * timed from just before {@code sendText} to the echo's arrival in the listener.
     */
    private final class Client implements WebSocket.Listener {
        final Semaphore permits;
        final int window;
        final LongAdder echoes;
        final CountDownLatch closed = new CountDownLatch(1);
        volatile WebSocket ws;
        volatile boolean running = true;
        volatile boolean recording;
        volatile long sentAt;
        long[] rtt = new long[1 << 14]; // written by the listener only (window 1: one echo at a time)
        int samples;
        Thread sender;
        private StringBuilder partial;

        Client(int window, LongAdder echoes) {
            this.window = window;
            this.permits = new Semaphore(window);
            this.echoes = echoes;
        }

        void startSending() {
            sender = new Thread(this::sendLoop, "bench-sender");
            sender.setDaemon(true);
            sender.start();
        }

        private void sendLoop() {
            try {
                while (running) {
                    if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    sentAt = System.nanoTime();
                    ws.sendText(payload, true).join(); // the JDK client allows one send in flight
                }
            } catch (Exception e) {
                if (running) {
                    System.err.println("sender failed: " + e);
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!last) {
                (partial == null ? partial = new StringBuilder() : partial).append(data);
            } else {
                long now = System.nanoTime();
                partial = null;
                if (window == 1 && recording) {
                    if (samples == rtt.length) {
                        rtt = Arrays.copyOf(rtt, samples * 2);
                    }
                    rtt[samples++] = now - sentAt;
                }
                echoes.increment();
                permits.release();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (running) {
                System.err.println("client error: " + error);
            }
            closed.countDown();
        }

        void stopSending() throws InterruptedException {
            running = false;
            sender.join(5_000);
            // let the echoes still in flight arrive so the next phase starts on a quiet server
            permits.tryAcquire(window, 5, TimeUnit.SECONDS);
        }

        void close() throws InterruptedException {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
                closed.await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // fall through to abort
            }
            ws.abort();
        }
    }

    // ---------------------------------------------------------------- report

    private int report(List<Throughput> rawTp, List<Throughput> bridgeTp, List<Latency> rawLat, List<Latency> bridgeLat) {
        StringBuilder out = new StringBuilder();
        out.append("\n### Throughput (").append(container).append(", ").append(clients).append(" clients × window ").append(window)
                .append(", ").append(size).append(" B text, ").append(duration.toMillis() / 1000.0).append(" s per run)\n\n");
        out.append(throughputTable(rawTp, bridgeTp));
        Throughput rAll = sum(rawTp);
        Throughput bAll = sum(bridgeTp);
        double tpRatio = bAll.perSecond() / rAll.perSecond();
        double serverCpuRatio = bAll.serverCpuMicrosPerEcho() / rAll.serverCpuMicrosPerEcho();

        out.append("\n### Request/response latency (").append(clients).append(" clients, one message in flight each, µs)\n\n");
        out.append("| pair | raw p50 | raw p99 | raw p99.9 | bridge p50 | bridge p99 | bridge p99.9 | p99 bridge/raw | samples raw / bridge |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rawLat.size(); i++) {
            out.append(latencyRow(String.valueOf(i + 1), rawLat.get(i).sorted(), bridgeLat.get(i).sorted()));
        }
        long[] rMerged = merge(rawLat.stream().map(Latency::sorted).toList());
        long[] bMerged = merge(bridgeLat.stream().map(Latency::sorted).toList());
        out.append(latencyRow("**all**", rMerged, bMerged));
        double p99Ratio = (double) percentile(bMerged, 0.99) / percentile(rMerged, 0.99);
        double p50Ratio = (double) percentile(bMerged, 0.50) / percentile(rMerged, 0.50);

        List<Throughput> rawOne = rawLat.stream().map(Latency::throughput).toList();
        List<Throughput> bridgeOne = bridgeLat.stream().map(Latency::throughput).toList();
        out.append("\n### One in flight: the latency phase as throughput (").append(clients).append(" clients × window 1)\n\n");
        out.append(throughputTable(rawOne, bridgeOne));
        double oneRatio = sum(bridgeOne).perSecond() / sum(rawOne).perSecond();
        double oneCpuRatio = sum(bridgeOne).serverCpuMicrosPerEcho() / sum(rawOne).serverCpuMicrosPerEcho();

        double[] tpPairs = new double[rawTp.size()];
        double[] cpuPairs = new double[rawTp.size()];
        double[] onePairs = new double[rawTp.size()];
        double[] p99Pairs = new double[rawTp.size()];
        for (int i = 0; i < tpPairs.length; i++) {
            tpPairs[i] = bridgeTp.get(i).perSecond() / rawTp.get(i).perSecond();
            cpuPairs[i] = bridgeTp.get(i).serverCpuMicrosPerEcho() / rawTp.get(i).serverCpuMicrosPerEcho();
            onePairs[i] = bridgeOne.get(i).perSecond() / rawOne.get(i).perSecond();
            p99Pairs[i] = (double) percentile(bridgeLat.get(i).sorted(), 0.99) / percentile(rawLat.get(i).sorted(), 0.99);
        }
        out.append("\n### Summary (bridge/raw, all pairs; median of the per-pair ratios in brackets)\n\n");
        out.append(String.format(Locale.ROOT, "- throughput, window %d: %.3f (%.3f)%n", window, tpRatio, median(tpPairs)));
        out.append(String.format(Locale.ROOT, "- server CPU per echo, window %d: %.3f (%.3f)%n", window, serverCpuRatio, median(cpuPairs)));
        out.append(String.format(Locale.ROOT, "- throughput, one in flight: %.3f (%.3f); server CPU per echo %.3f%n", oneRatio, median(onePairs), oneCpuRatio));
        out.append(String.format(Locale.ROOT, "- p99 latency: %.3f (%.3f); p50 %.3f%n", p99Ratio, median(p99Pairs), p50Ratio));
        out.append(String.format(Locale.ROOT, "- process CPU per echo (client + server), window %d: %.3f%n", window,
                bAll.cpuMicrosPerEcho() / rAll.cpuMicrosPerEcho()));
        out.append(String.format(Locale.ROOT, "- core targets: throughput ≥ %.2f: %s; p99 ≤ %.2f: %s%n", THROUGHPUT_TARGET,
                tpRatio >= THROUGHPUT_TARGET ? "met" : "missed", P99_TARGET, p99Ratio <= P99_TARGET ? "met" : "missed"));
        System.out.println(out);
        return 0;
    }

    private static String throughputTable(List<Throughput> raw, List<Throughput> bridge) {
        StringBuilder out = new StringBuilder();
        out.append("| pair | raw echoes/s | bridge echoes/s | bridge/raw | raw CPU µs/echo | bridge CPU µs/echo "
                + "| raw server CPU µs/echo | bridge server CPU µs/echo | server CPU bridge/raw |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < raw.size(); i++) {
            out.append(throughputRow(String.valueOf(i + 1), raw.get(i), bridge.get(i)));
        }
        out.append(throughputRow("**all**", sum(raw), sum(bridge)));
        return out.toString();
    }

    private static String throughputRow(String label, Throughput r, Throughput b) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.3f | %.1f | %.1f | %.2f | %.2f | %.3f |%n", label,
                r.perSecond(), b.perSecond(), b.perSecond() / r.perSecond(), r.cpuMicrosPerEcho(), b.cpuMicrosPerEcho(),
                r.serverCpuMicrosPerEcho(), b.serverCpuMicrosPerEcho(), b.serverCpuMicrosPerEcho() / r.serverCpuMicrosPerEcho());
    }

    private static Throughput sum(List<Throughput> runs) {
        long echoes = 0;
        long nanos = 0;
        long cpu = 0;
        long server = 0;
        for (Throughput t : runs) {
            echoes += t.echoes();
            nanos += t.nanos();
            cpu += t.cpuNanos();
            server += t.serverCpuNanos();
        }
        return new Throughput(echoes, nanos, cpu, server);
    }

    private static String latencyRow(String label, long[] raw, long[] bridge) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.3f | %d / %d |%n", label,
                micros(percentile(raw, 0.5)), micros(percentile(raw, 0.99)), micros(percentile(raw, 0.999)),
                micros(percentile(bridge, 0.5)), micros(percentile(bridge, 0.99)), micros(percentile(bridge, 0.999)),
                (double) percentile(bridge, 0.99) / percentile(raw, 0.99), raw.length, bridge.length);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static long[] merge(List<long[]> runs) {
        long[] all = runs.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e3);
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    // ---------------------------------------------------------------- parameters

    private int intParam(String key, int dflt) {
        String v = params.get(key);
        try {
            int n = v == null ? dflt : Integer.parseInt(v.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive integer, got " + v);
        }
    }

    private Duration durationParam(String key, String dflt) {
        String v = params.getOrDefault(key, dflt).trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration like 500ms, 5s or PT5S, got " + v);
        }
    }
}
