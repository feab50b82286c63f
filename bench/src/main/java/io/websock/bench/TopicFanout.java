package io.websock.bench;

import io.websock.Frame;
import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockServer;
import io.websock.jms.JmsTopicBus;
import io.websock.redis.RedisTopicBus;
import io.websock.spi.TopicBus;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQTopic;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Not a test: topics across servers (issue 12). For each bus — the in-JVM bus (one node; and {@code injvm2}: two
 * independent nodes, each its own in-JVM bus, every message published on both, the same-machine baseline), Redis
 * ({@link RedisTopicBus} on a Debian {@code redis-server} this process starts on loopback) and Artemis
 * ({@link JmsTopicBus} on an embedded ActiveMQ Artemis broker on a loopback acceptor) — two embedded Tomcat
 * servers with the bridge, each its own bus instance, and JDK WebSocket clients in this JVM (one clock):
 * <ol>
 *   <li><b>fanout</b>: one topic, {@code subscribers} connections per node, publishes on node A at a rate doubled
 *       each step until the nodes no longer deliver what is offered; then one step at {@code latencyAt} × the
 *       saturation rate for local (A→A) vs remote (A→B) latency.</li>
 *   <li><b>topics</b>: {@code topics} topics, one subscriber per topic on each node, {@code topicRate} publishes/s
 *       from {@code publishers} threads (half on each node), each cycling over all topics; latency local vs
 *       remote, lost deliveries, per-publisher order violations and duplicates.</li>
 * </ol>
 * Every message is a 24-byte binary frame: step, publisher, publisher's node, sequence number, {@code nanoTime}
 * at publish. Parameters as {@code key=value} arguments; see docs/benchmarks.md. Prints Markdown tables.
 */
public final class TopicFanout {

    private static final int PAYLOAD = 24;
    private static final int MAX_STEPS = 512;
    private static final int MAX_PUBLISHERS = 64;
    private static final long MS = 1_000_000L;

    // ---- parameters
    private final List<String> buses;
    private final List<String> scenarios;
    private final int subscribers;
    private final int startRate;
    private final int maxRate;
    private final Duration warmup;
    private final Duration measure;
    private final double latencyAt;
    private final int topics;
    private final int topicRate;
    private final int publishers;
    private final Duration topicsWarmup;
    private final Duration topicsMeasure;
    private final int clientGroups;
    private final boolean directClientExecutor;
    private final boolean verbose;
    private final Duration jvmWarmup;
    private final int refine;
    /** {@code default}: the bridge's default executor; {@code pool:N}: a fixed pool of N threads per node. */
    private static String executor = "default";

    // ---- recording (written by the client threads)
    private static volatile int arrivalStep = -1;
    private static final List<Recorder> RECORDERS = new ArrayList<>();
    private static final ThreadLocal<Recorder> RECORDER = ThreadLocal.withInitial(() -> {
        Recorder r = new Recorder();
        synchronized (RECORDERS) {
            RECORDERS.add(r);
        }
        return r;
    });
    private int nextStep;
    /** Fan-out: per node, per publish (sequence number & SEQ_MASK) the earliest and the latest delivery latency. */
    private static final int SEQ_MASK = (1 << 16) - 1;
    private static final java.util.concurrent.atomic.AtomicLongArray[] FIRST = {
        new java.util.concurrent.atomic.AtomicLongArray(SEQ_MASK + 1), new java.util.concurrent.atomic.AtomicLongArray(SEQ_MASK + 1)};
    private static final java.util.concurrent.atomic.AtomicLongArray[] LAST = {
        new java.util.concurrent.atomic.AtomicLongArray(SEQ_MASK + 1), new java.util.concurrent.atomic.AtomicLongArray(SEQ_MASK + 1)};
    private static volatile int spanStep = -2;

    private final List<String> report = new ArrayList<>();

    private TopicFanout(Map<String, String> p) {
        buses = List.of(p.getOrDefault("buses", "injvm,injvm2,redis,artemis").split(","));
        scenarios = List.of(p.getOrDefault("scenarios", "fanout,topics").split(","));
        subscribers = Integer.parseInt(p.getOrDefault("subscribers", "1000"));
        startRate = Integer.parseInt(p.getOrDefault("startRate", "25"));
        maxRate = Integer.parseInt(p.getOrDefault("maxRate", "6400"));
        warmup = duration(p.getOrDefault("warmup", "1s"));
        measure = duration(p.getOrDefault("measure", "2s"));
        latencyAt = Double.parseDouble(p.getOrDefault("latencyAt", "0.6"));
        topics = Integer.parseInt(p.getOrDefault("topics", "1000"));
        topicRate = Integer.parseInt(p.getOrDefault("topicRate", "10000"));
        publishers = Integer.parseInt(p.getOrDefault("publishers", "4"));
        topicsWarmup = duration(p.getOrDefault("topicsWarmup", "2s"));
        topicsMeasure = duration(p.getOrDefault("topicsMeasure", "8s"));
        clientGroups = Integer.parseInt(p.getOrDefault("clientGroups", "2"));
        directClientExecutor = p.getOrDefault("clientExecutor", "direct").equals("direct");
        verbose = Boolean.parseBoolean(p.getOrDefault("verbose", "false"));
        jvmWarmup = duration(p.getOrDefault("jvmWarmup", "2s"));
        refine = Integer.parseInt(p.getOrDefault("refine", "2"));
        executor = p.getOrDefault("executor", "default");
        if (publishers < 1 || publishers > MAX_PUBLISHERS) {
            throw new IllegalArgumentException("publishers must be 1.." + MAX_PUBLISHERS + ", got " + publishers);
        }
    }

    private static Duration duration(String s) {
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        }
        throw new IllegalArgumentException("not a duration (e.g. 2s, 500ms): \"" + s + "\"");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("bench.")) {
                p.put(k.toString().substring(6), v.toString());
            }
        });
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got \"" + a + "\"");
            }
            p.put(a.substring(0, eq), a.substring(eq + 1));
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING); // Tomcat's start/stop INFO lines
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
        TopicFanout bench = new TopicFanout(p);
        if (p.getOrDefault("mode", "").equals("redis-subscriptions")) {
            RedisSubscriptions.run(p);
        } else {
            bench.run();
        }
        System.exit(0);
    }

    // =====================================================================================================
    // the run

    private void run() throws Exception {
        System.out.printf("# TopicFanout %s, JDK %s, %d CPUs, executor %s, load average at start %s%n",
                java.time.Instant.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                executor, loadAverage());
        for (String scenario : scenarios) {
            for (String bus : buses) {
                try (Cluster cluster = Cluster.start(bus.trim())) {
                    if (scenario.equals("fanout")) {
                        fanout(cluster);
                    } else if (scenario.equals("topics")) {
                        manyTopics(cluster);
                    } else {
                        throw new IllegalArgumentException("scenario must be fanout or topics, got \"" + scenario + "\"");
                    }
                }
                System.gc();
            }
        }
        System.out.printf("%n# load average at end %s%n%n", loadAverage());
        report.forEach(System.out::println);
        System.out.println();
        sweepLines.forEach(System.out::println);
    }

    // ---- scenario 1: wide fan-out

    private record Step(int rate, double offeredPerNode, double[] deliveredPerNode, double publishedPerSecond,
                        Histogram local, Histogram remote, Histogram[] first, Histogram[] last, long lost,
                        boolean saturated, String cpu) {
    }

    private void fanout(Cluster cluster) throws Exception {
        Clients clients = new Clients(clientGroups, directClientExecutor);
        for (int n = 0; n < cluster.nodes.size(); n++) {
            clients.connect(cluster, n, i -> "fan", subscribers, 1);
        }
        cluster.awaitReady(subscribers);
        System.out.printf("%n## fanout %s: %d nodes x %d subscribers connected%n", cluster.kind, cluster.nodes.size(),
                subscribers);
        // not recorded: JIT and connections warm up at a low rate (longer in the first cluster of the process)
        fanoutStep(cluster, clients, startRate, nextStep == 0 ? jvmWarmup.multipliedBy(2) : jvmWarmup, Duration.ofMillis(200));
        List<Step> steps = new ArrayList<>();
        Step saturatedAt = null;
        int lastOk = 0;
        for (int rate = startRate; rate <= maxRate; rate *= 2) {
            Step s = fanoutStep(cluster, clients, rate, warmup, measure);
            steps.add(s);
            printStep(s);
            if (s.saturated) {
                saturatedAt = s;
                break;
            }
            lastOk = rate;
        }
        // between the last rate that kept up and the first that did not: bisect (geometric) refine times
        for (int i = 0; i < refine && saturatedAt != null && lastOk > 0; i++) {
            int mid = (int) Math.round(Math.sqrt((double) lastOk * saturatedAt.rate));
            if (mid <= lastOk || mid >= saturatedAt.rate) {
                break;
            }
            Step s = fanoutStep(cluster, clients, mid, warmup, measure);
            steps.add(s);
            printStep(s);
            if (s.saturated) {
                saturatedAt = s;
            } else {
                lastOk = mid;
            }
        }
        // saturation: the most any step delivered per node (a saturated step delivers at capacity while its backlog grows)
        double satPerNode = steps.stream().mapToDouble(s -> mean(s.deliveredPerNode)).max().orElse(0);
        int latencyRate = Math.max(1, (int) (latencyAt * satPerNode / subscribers));
        Step lat = fanoutStep(cluster, clients, latencyRate, warmup, measure.plus(Duration.ofSeconds(1)));
        System.out.printf("latency step at %.0f %% of saturation:%n", latencyAt * 100);
        printStep(lat);
        clients.close();
        String table = String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %d | %s |",
                cluster.kind, saturatedAt == null ? "not reached (maxRate)" : saturatedAt.rate + "/s",
                fmtRate(satPerNode), saturatedAt == null ? "" : perNode(saturatedAt.deliveredPerNode),
                latencyRate, lat.local.summary(), lat.remote.count() == 0 ? "–" : lat.remote.summary(),
                lat.remote.count() == 0 ? "–" : String.format(Locale.ROOT, "+%.2f / +%.2f",
                        (lat.remote.percentile(0.50) - lat.local.percentile(0.50)) / 1e6,
                        (lat.remote.percentile(0.99) - lat.local.percentile(0.99)) / 1e6),
                lat.first.length < 2 || cluster.publishOnEveryNode ? lat.first[0].summary() + " / –"
                        : lat.first[0].summary() + " / " + lat.first[1].summary(),
                lat.lost, saturatedAt == null ? "" : saturatedAt.cpu);
        if (report.stream().noneMatch(l -> l.startsWith("### fan-out"))) {
            report.add("### fan-out: one topic, " + subscribers + " subscribers per node");
            report.add("");
            report.add("| bus | saturated at (publishes/s) | saturation deliveries/s per node | per node (A / B) "
                    + "| latency step publishes/s | local p50 / p99 ms | remote p50 / p99 ms | remote − local p50 / p99 ms "
                    + "| first subscriber reached, p50 / p99 ms, local / remote | lost | CPU at saturation (s over the step) |");
            report.add("|---|---|---:|---|---:|---|---|---|---|---:|---|");
        }
        report.add(table);
        StringBuilder sweep = new StringBuilder("sweep " + cluster.kind + ": ");
        for (Step s : steps) {
            sweep.append(String.format(Locale.ROOT, "%d/s → %s (p99 L %.1f%s ms)%s; ", s.rate, perNode(s.deliveredPerNode),
                    s.local.percentile(0.99) / 1e6, s.remote.count() == 0 ? "" : String.format(Locale.ROOT, ", R %.1f",
                            s.remote.percentile(0.99) / 1e6), s.saturated ? " SAT" : ""));
        }
        sweepLines.add(sweep.toString());
    }

    private final List<String> sweepLines = new ArrayList<>();

    private Step fanoutStep(Cluster cluster, Clients clients, int rate, Duration warm, Duration window) throws Exception {
        int step = nextStep++;
        long receivedBefore = clients.received();
        AtomicLong expected = new AtomicLong();
        AtomicLong published = new AtomicLong();
        int nodes = cluster.nodes.size();
        long t0 = System.nanoTime();
        long measureStart = t0 + warm.toNanos();
        long measureEnd = measureStart + window.toNanos();
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i <= SEQ_MASK; i++) {
                FIRST[n].set(i, Long.MAX_VALUE);
                LAST[n].set(i, Long.MIN_VALUE);
            }
        }
        spanStep = step;
        AtomicLong firstSeq = new AtomicLong(-1);
        AtomicLong lastSeq = new AtomicLong(-1);
        CpuSnapshot cpu0 = new CpuSnapshot(cluster);
        Thread publisher = new Thread(() -> {
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long due = t0;
            long seq = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= measureEnd) {
                    break;
                }
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                int tag = now >= measureStart ? step : -1;
                if (cluster.publishOnEveryNode) {
                    for (Node n : cluster.nodes) {
                        expected.addAndGet(n.websock.topics().publish("fan", frame(tag, 0, n.index, seq)));
                    }
                } else {
                    int local = cluster.nodes.get(0).websock.topics().publish("fan", frame(tag, 0, 0, seq));
                    expected.addAndGet(local + (long) (nodes - 1) * subscribers);
                }
                if (tag >= 0) {
                    published.incrementAndGet();
                    firstSeq.compareAndSet(-1, seq);
                    lastSeq.set(seq);
                }
                seq++;
                due += interval;
            }
        }, "publisher");
        // arrivals are counted while the window is open
        publisher.start();
        sleepUntil(measureStart);
        arrivalStep = step;
        sleepUntil(measureEnd);
        arrivalStep = -1;
        CpuSnapshot cpu1 = new CpuSnapshot(cluster); // before the publisher thread ends, so that its CPU counts
        publisher.join();
        long lost = clients.awaitReceived(receivedBefore + expected.get(), Duration.ofSeconds(20));
        double seconds = window.toNanos() / 1e9;
        double[] delivered = new double[nodes];
        long[] arrivals = arrivals(step, nodes);
        for (int n = 0; n < nodes; n++) {
            delivered[n] = arrivals[n] / seconds;
        }
        double offered = (double) rate * subscribers;
        double pubRate = published.get() / seconds;
        Histogram local = histogram(step, 0);
        Histogram remote = histogram(step, 1);
        Histogram[] first = new Histogram[nodes];
        Histogram[] last = new Histogram[nodes];
        for (int n = 0; n < nodes; n++) {
            first[n] = new Histogram();
            last[n] = new Histogram();
            if (firstSeq.get() >= 0 && lastSeq.get() - firstSeq.get() <= SEQ_MASK) {
                for (long q = firstSeq.get(); q <= lastSeq.get(); q++) {
                    long f = FIRST[n].get((int) (q & SEQ_MASK));
                    long l = LAST[n].get((int) (q & SEQ_MASK));
                    if (f != Long.MAX_VALUE) {
                        first[n].record(f);
                        last[n].record(l);
                    }
                }
            }
        }
        boolean saturated = lost > 0 || pubRate < 0.9 * rate
                || Arrays.stream(delivered).anyMatch(d -> d < 0.9 * offered)
                || local.percentile(0.99) > 1000 * MS || remote.percentile(0.99) > 1000 * MS;
        if (verbose) {
            System.out.println("    all threads: " + cpu1.minus(cpu0, true));
        }
        return new Step(rate, offered, delivered, pubRate, local, remote, first, last, lost, saturated,
                cpu1.minus(cpu0, false));
    }

    private void printStep(Step s) {
        System.out.printf(Locale.ROOT, "  %5d publishes/s (done %.0f/s): offered %s/node, delivered %s; local %s; remote %s;"
                        + " lost %d%s%n    first / last subscriber of a publish: %s%n    CPU: %s%n", s.rate,
                s.publishedPerSecond, fmtRate(s.offeredPerNode),
                perNode(s.deliveredPerNode), s.local.summary(), s.remote.count() == 0 ? "–" : s.remote.summary(), s.lost,
                s.saturated ? "  SATURATED" : "", spans(s), s.cpu);
    }

    // ---- scenario 2: many topics

    private void manyTopics(Cluster cluster) throws Exception {
        Clients clients = new Clients(clientGroups, directClientExecutor);
        for (int n = 0; n < cluster.nodes.size(); n++) {
            clients.connect(cluster, n, i -> "t" + i, topics, publishers);
        }
        cluster.awaitReady(topics);
        int nodes = cluster.nodes.size();
        System.out.printf("%n## topics %s: %d nodes x %d topics x 1 subscriber; %d publishes/s from %d publishers%n",
                cluster.kind, nodes, topics, topicRate, publishers);
        int step = nextStep++;
        AtomicLong expected = new AtomicLong();
        AtomicLong published = new AtomicLong();
        long t0 = System.nanoTime() + 50 * MS;
        long measureStart = t0 + topicsWarmup.toNanos();
        long measureEnd = measureStart + topicsMeasure.toNanos();
        CpuSnapshot cpu0 = new CpuSnapshot(cluster);
        List<Thread> threads = new ArrayList<>();
        double perPublisher = (double) topicRate / publishers;
        for (int p = 0; p < publishers; p++) {
            int pub = p;
            Node node = cluster.nodes.get(p % nodes);
            Thread t = new Thread(() -> {
                long interval = (long) (1e9 / perPublisher);
                long due = t0 + pub * interval / publishers;
                long seq = 0;
                int offset = pub * topics / publishers;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= measureEnd) {
                        break;
                    }
                    if (now < due) {
                        LockSupport.parkNanos(due - now);
                        continue;
                    }
                    int tag = now >= measureStart ? step : -1;
                    String topic = "t" + (int) ((seq + offset) % topics);
                    int local = node.websock.topics().publish(topic, frame(tag, pub, node.index, seq));
                    expected.addAndGet(local + (cluster.publishOnEveryNode ? 0 : nodes - 1));
                    if (tag >= 0) {
                        published.incrementAndGet();
                    }
                    seq++;
                    due += interval;
                }
            }, "publisher-" + p);
            threads.add(t);
        }
        long receivedBefore = clients.received();
        threads.forEach(Thread::start);
        sleepUntil(measureStart);
        arrivalStep = step;
        sleepUntil(measureEnd);
        arrivalStep = -1;
        CpuSnapshot cpu1 = new CpuSnapshot(cluster); // before the publisher threads end, so that their CPU counts
        for (Thread t : threads) {
            t.join();
        }
        long lost = clients.awaitReceived(receivedBefore + expected.get(), Duration.ofSeconds(30));
        double seconds = topicsMeasure.toNanos() / 1e9;
        Histogram local = histogram(step, 0);
        Histogram remote = histogram(step, 1);
        long[] arrivals = arrivals(step, nodes);
        double[] delivered = new double[nodes];
        for (int n = 0; n < nodes; n++) {
            delivered[n] = arrivals[n] / seconds;
        }
        long violations = clients.orderViolations();
        long duplicates = clients.duplicates();
        String cpu = cpu1.minus(cpu0, false);
        if (verbose) {
            System.out.println("    all threads: " + cpu1.minus(cpu0, true));
        }
        System.out.printf(Locale.ROOT, "  published %.0f/s; delivered %s; local %s; remote %s; lost %d; order violations %d;"
                        + " duplicates %d; bus dropped %s%n    CPU: %s%n", published.get() / seconds, perNode(delivered),
                local.summary(), remote.count() == 0 ? "–" : remote.summary(), lost, violations, duplicates,
                cluster.dropped(), cpu);
        clients.close();
        if (report.stream().noneMatch(l -> l.startsWith("### many topics"))) {
            report.add("");
            report.add("### many topics: " + topics + " topics, one subscriber per topic on each node, " + topicRate
                    + " publishes/s from " + publishers + " publishers");
            report.add("");
            report.add("| bus | published/s | delivered/s per node | local p50 / p99 ms | remote p50 / p99 ms "
                    + "| remote − local p50 / p99 ms | lost | order violations | duplicates | CPU over the window (s) |");
            report.add("|---|---:|---|---|---|---|---:|---:|---:|---|");
        }
        report.add(String.format(Locale.ROOT, "| %s | %.0f | %s | %s | %s | %s | %d | %d | %d | %s |", cluster.kind,
                published.get() / seconds, perNode(delivered), local.summary(),
                remote.count() == 0 ? "–" : remote.summary(),
                remote.count() == 0 ? "–" : String.format(Locale.ROOT, "+%.2f / +%.2f",
                        (remote.percentile(0.50) - local.percentile(0.50)) / 1e6,
                        (remote.percentile(0.99) - local.percentile(0.99)) / 1e6),
                lost, violations, duplicates, cpu));
    }

    // =====================================================================================================
    // helpers

    private static Frame frame(int step, int publisher, int node, long seq) {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD);
        b.putInt(step).putShort((short) publisher).put((byte) node).put((byte) 0).putLong(seq).putLong(System.nanoTime());
        return Frame.binary(b.array());
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 50 * MS));
        }
    }

    private static long[] arrivals(int step, int nodes) {
        long[] sum = new long[nodes];
        synchronized (RECORDERS) {
            for (Recorder r : RECORDERS) {
                for (int n = 0; n < nodes; n++) {
                    sum[n] += r.arrivals[step][n];
                }
            }
        }
        return sum;
    }

    private static Histogram histogram(int step, int kind) {
        Histogram h = new Histogram();
        synchronized (RECORDERS) {
            for (Recorder r : RECORDERS) {
                long[] c = r.latency[step * 2 + kind];
                if (c != null) {
                    h.add(c);
                }
            }
        }
        return h;
    }

    private static String spans(Step s) {
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < s.first.length; n++) {
            b.append(n == 0 ? "" : "; ").append("node ").append(n == 0 ? "A" : "B").append(" first ")
                    .append(s.first[n].summary()).append(", last ").append(s.last[n].summary());
        }
        return b.toString();
    }

    private static double mean(double[] a) {
        return Arrays.stream(a).average().orElse(0);
    }

    private static String fmtRate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond).replace(',', ' ');
    }

    private static String perNode(double[] perNode) {
        StringBuilder s = new StringBuilder();
        for (double d : perNode) {
            s.append(s.length() == 0 ? "" : " / ").append(fmtRate(d));
        }
        return s.toString();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return probe.getLocalPort();
        }
    }

    /** Per client thread: latency histograms per (step, local|remote) and arrivals per (step, node). */
    static final class Recorder {
        final long[][] latency = new long[MAX_STEPS * 2][];
        final long[][] arrivals = new long[MAX_STEPS][2];

        void record(int step, int kind, long nanos) {
            long[] h = latency[step * 2 + kind];
            if (h == null) {
                h = latency[step * 2 + kind] = new long[Histogram.BUCKETS];
            }
            h[Histogram.index(nanos)]++;
        }
    }

    /** Log-linear histogram of nanoseconds: exact below 128 ns, then 64 sub-buckets per power of two (≤ 1.6 % error). */
    static final class Histogram {
        static final int BUCKETS = 128 + 57 * 64;
        private final long[] counts = new long[BUCKETS];
        private long total;

        static int index(long v) {
            if (v < 128) {
                return (int) Math.max(v, 0);
            }
            int msb = 63 - Long.numberOfLeadingZeros(v);
            int shift = msb - 6;
            return 128 + (shift - 1) * 64 + (int) ((v >>> shift) - 64);
        }

        static long value(int index) {
            if (index < 128) {
                return index;
            }
            int shift = (index - 128) / 64 + 1;
            long m = (index - 128) % 64 + 64;
            return (m << shift) + (1L << (shift - 1)); // middle of the bucket
        }

        void record(long nanos) {
            counts[index(nanos)]++;
            total++;
        }

        void add(long[] c) {
            for (int i = 0; i < BUCKETS; i++) {
                counts[i] += c[i];
                total += c[i];
            }
        }

        long count() {
            return total;
        }

        /** Nearest rank. */
        double percentile(double q) {
            if (total == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return value(i);
                }
            }
            return value(BUCKETS - 1);
        }

        String summary() {
            return String.format(Locale.ROOT, "%.2f / %.2f", percentile(0.50) / 1e6, percentile(0.99) / 1e6);
        }
    }

    // ---- nodes and buses

    static final class Node {
        final int index;
        final BenchServer server;
        final WebSockServer websock;
        final TopicSubscriber handler;
        final TopicBus bus;

        Node(int index, BenchServer server, WebSockServer websock, TopicSubscriber handler, TopicBus bus) {
            this.index = index;
            this.server = server;
            this.websock = websock;
            this.handler = handler;
            this.bus = bus;
        }
    }

    static final class Cluster implements AutoCloseable {
        final String kind;
        final List<Node> nodes = new ArrayList<>();
        /** injvm2: the nodes do not talk to each other; each message is published on every node. */
        boolean publishOnEveryNode;
        RedisProcess redis;
        final List<java.util.concurrent.ExecutorService> pools = new ArrayList<>();
        EmbeddedActiveMQ artemis;
        Path artemisData;

        private Cluster(String kind) {
            this.kind = kind;
        }

        static Cluster start(String kind) throws Exception {
            Cluster c = new Cluster(kind);
            try {
                switch (kind) {
                    case "injvm" -> c.node(null);
                    case "injvm2" -> {
                        c.publishOnEveryNode = true;
                        c.node(null);
                        c.node(null);
                    }
                    case "redis" -> {
                        c.redis = RedisProcess.launch();
                        c.node(RedisTopicBus.builder(c.redis.uri()).maxPending(100_000).maxPendingBytes(256L << 20)
                                .build());
                        c.node(RedisTopicBus.builder(c.redis.uri()).maxPending(100_000).maxPendingBytes(256L << 20)
                                .build());
                    }
                    case "artemis" -> {
                        int port = freePort();
                        c.artemisData = Files.createTempDirectory("websock-bench-artemis");
                        Configuration config = new ConfigurationImpl();
                        config.setPersistenceEnabled(false);
                        config.setSecurityEnabled(false);
                        config.setJMXManagementEnabled(false);
                        config.setBrokerInstance(c.artemisData.toFile());
                        config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
                        c.artemis = new EmbeddedActiveMQ();
                        c.artemis.setConfiguration(config);
                        c.artemis.start();
                        for (int i = 0; i < 2; i++) {
                            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
                            JmsTopicBus bus = JmsTopicBus.builder(factory, new ActiveMQTopic("websock"))
                                    .maxPending(100_000).maxPendingBytes(256L << 20).build();
                            c.node(bus);
                        }
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (!c.nodes.stream().allMatch(n -> ((JmsTopicBus) n.bus).receiving())) {
                            if (System.nanoTime() > deadline) {
                                throw new IllegalStateException("JMS buses not receiving after 30 s");
                            }
                            Thread.sleep(20);
                        }
                    }
                    default -> throw new IllegalArgumentException("bus must be injvm, injvm2, redis or artemis, got \""
                            + kind + "\"");
                }
            } catch (Exception | Error e) {
                c.close();
                throw e;
            }
            return c;
        }

        private void node(TopicBus bus) throws Exception {
            WebSockServer[] websock = new WebSockServer[1];
            TopicSubscriber[] handler = new TopicSubscriber[1];
            WebSockOptions.Builder ob = WebSockOptions.builder().mailboxLimit(10_000_000).outboundBufferLimit(1L << 30)
                    .timeout(Duration.ZERO).pingInterval(Duration.ZERO).sendTimeout(Duration.ofMinutes(5));
            if (executor.startsWith("pool:")) {
                int threads = Integer.parseInt(executor.substring(5));
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                        r -> {
                            Thread t = new Thread(r, "node" + nodes.size() + "-pool");
                            t.setDaemon(true);
                            return t;
                        });
                pools.add(pool);
                ob.executor(pool);
            } else if (!executor.equals("default")) {
                throw new IllegalArgumentException("executor must be default or pool:N, got \"" + executor + "\"");
            }
            WebSockOptions options = ob.build();
            Supplier<BenchServer.Deployment> deployment = () -> (ws, container) -> {
                websock[0] = ws;
                handler[0] = new TopicSubscriber(ws);
                container.addEndpoint(ws.endpoint("/sub/{topic}", handler[0], options));
            };
            BenchServer server = bus == null ? BenchServer.start(deployment.get()) : BenchServer.start(bus, deployment.get());
            nodes.add(new Node(nodes.size(), server, websock[0], handler[0], bus));
        }

        void awaitReady(int perNode) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (Node n : nodes) {
                while (n.handler.ready.get() < perNode) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("node " + n.index + ": only " + n.handler.ready.get() + " of "
                                + perNode + " subscribers ready");
                    }
                    Thread.sleep(10);
                }
                n.handler.ready.set(0);
            }
        }

        String dropped() {
            StringBuilder s = new StringBuilder();
            for (Node n : nodes) {
                long d = n.bus instanceof RedisTopicBus r ? r.dropped() : n.bus instanceof JmsTopicBus j ? j.dropped() : 0;
                s.append(s.length() == 0 ? "" : " / ").append(d);
            }
            return s.toString();
        }

        long externalCpuNanos() {
            return redis == null ? 0 : redis.cpuNanos();
        }

        @Override
        public void close() throws Exception {
            for (Node n : nodes) {
                try {
                    n.server.close(); // stops Tomcat → the WebSockServer shuts down → the bus is closed
                } catch (Exception e) {
                    System.err.println("closing node " + n.index + ": " + e);
                }
                if (n.bus != null) {
                    n.bus.close();
                }
            }
            pools.forEach(java.util.concurrent.ExecutorService::shutdownNow);
            if (artemis != null) {
                artemis.stop();
            }
            if (artemisData != null) {
                try (var files = Files.walk(artemisData)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            if (redis != null) {
                redis.close();
            }
        }
    }

    /** CPU time per thread group (thread name with digits replaced by #), this process's and redis-server's. */
    static final class CpuSnapshot {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        final long wall = System.nanoTime();
        final Map<Long, String> names = new HashMap<>();
        final Map<Long, Long> cpu = new HashMap<>();
        final long process;
        final long external;

        CpuSnapshot(Cluster cluster) {
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long t = THREADS.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    names.put(info.getThreadId(), info.getThreadName());
                    cpu.put(info.getThreadId(), t);
                }
            }
            process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            external = cluster.externalCpuNanos();
        }

        String minus(CpuSnapshot before, boolean all) {
            Map<String, Long> groups = new HashMap<>();
            cpu.forEach((id, t) -> {
                long d = t - before.cpu.getOrDefault(id, 0L);
                groups.merge(group(names.get(id)), d, Long::sum);
            });
            double wallS = (wall - before.wall) / 1e9;
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "JVM %.2f", (process - before.process) / 1e9));
            if (external > 0) {
                s.append(String.format(Locale.ROOT, ", redis-server %.2f", (external - before.external) / 1e9));
            }
            s.append(String.format(Locale.ROOT, " in %.1f s wall: ", wallS));
            groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() >= 5 * MS)
                    .limit(all ? 20 : 4)
                    .forEach(e -> s.append(String.format(Locale.ROOT, "%s %.2f, ", e.getKey(), e.getValue() / 1e9)));
            s.setLength(s.length() - 2);
            return s.toString();
        }

        private static String group(String name) {
            String g = name.replaceAll("[0-9]+", "#");
            if (g.startsWith("http-nio-")) {
                return "tomcat-exec";
            }
            if (g.startsWith("Thread-# (")) {
                g = g.substring(10, g.length() - 1);
            }
            return g.replace("HttpClient-#-SelectorManager", "client-selector");
        }
    }

    // ---- clients

    /** JDK WebSocket clients in {@code groups} HttpClients; listeners count, check order and record latency. */
    static final class Clients {
        private final List<HttpClient> http = new ArrayList<>();
        private final List<Listener> listeners = new ArrayList<>();
        private final List<WebSocket> sockets = new ArrayList<>();

        Clients(int groups, boolean direct) {
            for (int i = 0; i < groups; i++) {
                HttpClient.Builder b = HttpClient.newBuilder();
                if (direct) {
                    b.executor(Runnable::run); // listener callbacks on the client's selector thread: no hand-off
                }
                http.add(b.build());
            }
        }

        interface TopicOf {
            String topic(int i);
        }

        void connect(Cluster cluster, int node, TopicOf topicOf, int count, int publishers) throws Exception {
            Semaphore inFlight = new Semaphore(64);
            List<CompletableFuture<WebSocket>> all = new ArrayList<>();
            URI base = cluster.nodes.get(node).server.uri("/sub/");
            for (int i = 0; i < count; i++) {
                Listener l = new Listener(node, publishers);
                listeners.add(l);
                inFlight.acquire();
                CompletableFuture<WebSocket> f = http.get(i % http.size()).newWebSocketBuilder()
                        .connectTimeout(Duration.ofSeconds(30))
                        .buildAsync(base.resolve(topicOf.topic(i)), l);
                f.whenComplete((ws, e) -> inFlight.release());
                all.add(f);
            }
            for (CompletableFuture<WebSocket> f : all) {
                sockets.add(f.get(60, TimeUnit.SECONDS));
            }
        }

        long received() {
            long n = 0;
            for (Listener l : listeners) {
                n += l.received;
            }
            return n;
        }

        long orderViolations() {
            return listeners.stream().mapToLong(l -> l.violations).sum();
        }

        long duplicates() {
            return listeners.stream().mapToLong(l -> l.duplicates).sum();
        }

        /** Waits until {@code expected} messages have arrived in all; returns how many are missing then. */
        long awaitReceived(long expected, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            long got;
            while ((got = received()) < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return Math.max(0, expected - got);
        }

        void close() throws InterruptedException {
            List<CompletableFuture<?>> closing = new ArrayList<>();
            for (WebSocket ws : sockets) {
                closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null));
            }
            try {
                CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("closing clients: " + e);
            }
            for (WebSocket ws : sockets) {
                ws.abort();
            }
            long failed = listeners.stream().filter(l -> l.error != null).count();
            if (failed > 0) {
                System.err.println(failed + " clients failed, e.g. " + listeners.stream().filter(l -> l.error != null)
                        .findFirst().get().error);
            }
        }
    }

    static final class Listener implements WebSocket.Listener {
        private final int node;
        private final long[] lastSeq;
        private final byte[] partial = new byte[PAYLOAD];
        private int partialLength;
        volatile long received;
        long violations;
        long duplicates;
        volatile Throwable error;

        Listener(int node, int publishers) {
            this.node = node;
            this.lastSeq = new long[publishers];
            Arrays.fill(lastSeq, -1);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            long now = System.nanoTime();
            ByteBuffer b = data;
            if (partialLength > 0 || !last) {
                int n = Math.min(data.remaining(), PAYLOAD - partialLength);
                data.get(partial, partialLength, n);
                partialLength += n;
                if (!last) {
                    return null;
                }
                b = ByteBuffer.wrap(partial);
                partialLength = 0;
            }
            int pos = b.position();
            int step = b.getInt(pos);
            int publisher = b.getShort(pos + 4);
            int fromNode = b.get(pos + 6);
            long seq = b.getLong(pos + 8);
            long sent = b.getLong(pos + 16);
            received = received + 1; // one writer: callbacks of one WebSocket never overlap
            long previous = lastSeq[publisher];
            if (seq > previous) {
                lastSeq[publisher] = seq;
            } else if (seq == previous) {
                duplicates++;
            } else {
                violations++;
            }
            Recorder r = RECORDER.get();
            int a = arrivalStep;
            if (a >= 0) {
                r.arrivals[a][node]++;
            }
            if (step >= 0) {
                long latency = now - sent;
                r.record(step, fromNode == node ? 0 : 1, latency);
                if (step == spanStep) {
                    int i = (int) (seq & SEQ_MASK);
                    java.util.concurrent.atomic.AtomicLongArray first = FIRST[node];
                    long f;
                    while (latency < (f = first.get(i)) && !first.compareAndSet(i, f, latency)) {
                        Thread.onSpinWait();
                    }
                    java.util.concurrent.atomic.AtomicLongArray lastArr = LAST[node];
                    long l;
                    while (latency > (l = lastArr.get(i)) && !lastArr.compareAndSet(i, l, latency)) {
                        Thread.onSpinWait();
                    }
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            error = new IllegalStateException("unexpected text message");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            this.error = error;
        }
    }

    // ---- redis-server

    /** A Debian {@code redis-server} on 127.0.0.1 and a free port, persistence off, stopped by its process id. */
    static final class RedisProcess implements AutoCloseable {
        private final int port;
        private final Process process;

        private RedisProcess(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        static RedisProcess launch() throws Exception {
            int port = freePort();
            String exe = Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
            Process p = new ProcessBuilder(List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            RedisProcess r = new RedisProcess(port, p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!r.ping()) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("redis-server on port " + port + " did not start");
                }
                Thread.sleep(20);
            }
            return r;
        }

        private boolean ping() {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(1000);
                s.getOutputStream().write("PING\r\n".getBytes());
                byte[] answer = new byte[7];
                int n = s.getInputStream().read(answer);
                return n > 0 && new String(answer, 0, n).startsWith("+PONG");
            } catch (IOException e) {
                return false;
            }
        }

        String uri() {
            return "redis://127.0.0.1:" + port;
        }

        long pid() {
            return process.pid();
        }

        /** utime + stime of the process, from /proc (clock ticks of 10 ms on Linux). */
        long cpuNanos() {
            try {
                String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10 * MS;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
