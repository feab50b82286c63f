package io.websock.bench;

import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockServer;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.openjdk.jol.info.GraphLayout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an idle connection costs on the server, bridge vs raw {@link Endpoint}, on embedded Tomcat 10.1,
 * Jetty 12.0 (ee10) and Tyrus 2.1 (Grizzly). A benchmark, not a test: it prints Markdown and asserts nothing.
 *
 * <p>Two measurements per container, each on a fresh server and as a difference against that server with no
 * connection open (after one warm-up connection of each kind, so lazily built container structures exist):
 * <ol>
 *   <li><b>Breakdown</b> ({@code jol=N}, default 200): JOL walks the server's whole object graph (from the
 *       container's root object, the {@link WebSockServer} and every live thread) with N idle connections open and with none;
 *       the per-class difference divided by N is what one connection costs, per class. Bridge − raw per class
 *       is what the bridge adds (its own classes, and the container objects it causes, e.g. extra handlers).</li>
 *   <li><b>Heap after GC</b> ({@code n=N}, default 10 000): used heap after full GCs with N idle connections,
 *       minus used heap with none, divided by N.</li>
 * </ol>
 * The idle peers run in a child process ({@link IdleClients}), so client objects are never on this heap.
 * Bridge options: the defaults except {@code timeout=1h, pingInterval=10min}, so that the heartbeat timer
 * is armed as with the defaults but nothing fires during the measurement.
 *
 * <p>Arguments {@code key=value}: {@code containers=tomcat,jetty,tyrus}, {@code n=10000}, {@code jol=200},
 * {@code headers=minimal|browser} (the upgrade's headers: the five it needs, or also what a desktop browser adds),
 * {@code rounds=1} (heap measurements per kind, raw and bridge alternating, each on a fresh server; with more than
 * one, every pair is printed and the median of the differences is the figure: on Tomcat, where a connection is
 * ~72 KB, one pair varies by several hundred bytes).
 */
public final class IdleMemory {

    static final WebSockOptions OPTIONS = WebSockOptions.builder()
            .timeout(Duration.ofHours(1)).pingInterval(Duration.ofMinutes(10)).build();

    /** {@code minimal}: the five headers an upgrade needs; {@code browser}: also what a desktop browser adds. */
    static String headers = "minimal";
    /** Heap measurements (raw, bridge) per container. */
    static int rounds = 1;

    private IdleMemory() {
    }

    /** {@link RawEcho} plus a static count of open sessions, so the tool knows when the server has them all. */
    public static final class RawIdle extends Endpoint {
        static final AtomicInteger OPEN = new AtomicInteger();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxIdleTimeout(0);
            var remote = session.getBasicRemote();
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    remote.sendText(text);
                } catch (IOException e) {
                    // the peer went away
                }
            });
            OPEN.incrementAndGet();
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            OPEN.decrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> params = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            params.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int n = Integer.parseInt(params.getOrDefault("n", "10000"));
        int jolN = Integer.parseInt(params.getOrDefault("jol", "200"));
        headers = params.getOrDefault("headers", "minimal");
        rounds = Integer.parseInt(params.getOrDefault("rounds", "1"));
        System.out.printf("# IdleMemory: JDK %s, %s, max heap %d MiB, n=%d, jol=%d, headers=%s%n", System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory() >> 20, n, jolN, headers);
        for (String kind : params.getOrDefault("containers", "tomcat,jetty,tyrus").split(",")) {
            measure(kind, n, jolN);
        }
    }

    /**
     * Every measurement on a server of its own, started fresh: the connections of an earlier measurement leave
     * recycled buffers and channels in the container's pools (Tomcat's NioChannel cache, Jetty's buffer pool),
     * which the next one would reuse, making it look cheaper.
     */
    private static void measure(String kind, int n, int jolN) throws Exception {
        System.out.printf("%n## %s%n", kind);
        if (jolN > 0) {
            Map<Class<?>, long[]>[] raw = jolRound(kind, "/raw", jolN);
            Map<Class<?>, long[]>[] bridge = jolRound(kind, "/bridge", jolN);
            printBreakdown(kind, jolN, raw[0], raw[1], bridge[0], bridge[1]);
        }
        if (n > 0) {
            List<double[]> pairs = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double rawPer = heapRound(kind, "/raw", n);
                double bridgePer = heapRound(kind, "/bridge", n);
                pairs.add(new double[] {rawPer, bridgePer});
            }
            System.out.printf("%nHeap after GC, %d idle connections (%s): | raw B/conn | bridge B/conn | bridge − raw |%n", n, kind);
            for (double[] p : pairs) {
                System.out.printf("| %s | %.0f | %.0f | **%.0f** |%n", kind, p[0], p[1], p[1] - p[0]);
            }
            if (pairs.size() > 1) {
                double[] diffs = pairs.stream().mapToDouble(p -> p[1] - p[0]).sorted().toArray();
                double[] raws = pairs.stream().mapToDouble(p -> p[0]).sorted().toArray();
                double median = diffs.length % 2 == 1 ? diffs[diffs.length / 2]
                        : (diffs[diffs.length / 2 - 1] + diffs[diffs.length / 2]) / 2;
                System.out.printf("| %s, median of %d | %.0f | | **%.0f** (range %.0f … %.0f) |%n", kind, pairs.size(),
                        raws[raws.length / 2], median, diffs[0], diffs[diffs.length - 1]);
            }
        }
    }

    /** A fresh server with lazily built structures warmed up by one connection of each kind. */
    private static IdleServers.Server warmServer(String kind) throws Exception {
        IdleServers.Server server = IdleServers.start(kind);
        for (String path : List.of("/raw", "/bridge")) {
            try (Peers peers = Peers.open(server, path, 1)) {
                peers.awaitServer(1);
            }
        }
        return server;
    }

    @SuppressWarnings("unchecked")
    private static Map<Class<?>, long[]>[] jolRound(String kind, String path, int n) throws Exception {
        try (IdleServers.Server server = warmServer(kind)) {
            histogram(server); // a first walk primes what JOL's own reflection caches on classes, so both below see it
            Map<Class<?>, long[]> none = histogram(server);
            try (Peers peers = Peers.open(server, path, n)) {
                peers.awaitServer(n);
                return new Map[] {none, histogram(server)};
            }
        }
    }

    private static double heapRound(String kind, String path, int n) throws Exception {
        try (IdleServers.Server server = warmServer(kind)) {
            long base = usedAfterGc();
            try (Peers peers = Peers.open(server, path, n)) {
                peers.awaitServer(n);
                return (usedAfterGc() - base) / (double) n;
            }
        }
    }

    // ---------------------------------------------------------------- JOL breakdown

    private static Map<Class<?>, long[]> histogram(IdleServers.Server server) {
        System.gc();
        // The container's and the bridge's roots, and every live thread (what selectors and pools hold is
        // reachable from their threads even where the container's root object does not reference it).
        List<Object> roots = new ArrayList<>(List.of(server.roots()));
        roots.addAll(Thread.getAllStackTraces().keySet());
        GraphLayout layout = GraphLayout.parseInstance(roots.toArray());
        Map<Class<?>, long[]> h = new HashMap<>();
        for (Class<?> c : layout.getClasses()) {
            h.put(c, new long[] {layout.getClassCounts().count(c), layout.getClassSizes().count(c)});
        }
        return h;
    }

    private static void printBreakdown(String kind, int n, Map<Class<?>, long[]> rawNone, Map<Class<?>, long[]> raw,
                                       Map<Class<?>, long[]> bridgeNone, Map<Class<?>, long[]> bridge) {
        Set<Class<?>> classes = new HashSet<>(rawNone.keySet());
        classes.addAll(bridgeNone.keySet());
        classes.addAll(raw.keySet());
        classes.addAll(bridge.keySet());
        record Row(String name, double rawCount, double rawBytes, double bridgeCount, double bridgeBytes) {
            double extraBytes() {
                return bridgeBytes - rawBytes;
            }
        }
        List<Row> rows = new ArrayList<>();
        double rawTotal = 0;
        double bridgeTotal = 0;
        for (Class<?> c : classes) {
            long[] rz = rawNone.getOrDefault(c, new long[2]);
            long[] r = raw.getOrDefault(c, new long[2]);
            long[] bz = bridgeNone.getOrDefault(c, new long[2]);
            long[] b = bridge.getOrDefault(c, new long[2]);
            Row row = new Row(c.getName(), (r[0] - rz[0]) / (double) n, (r[1] - rz[1]) / (double) n,
                    (b[0] - bz[0]) / (double) n, (b[1] - bz[1]) / (double) n);
            rawTotal += row.rawBytes();
            bridgeTotal += row.bridgeBytes();
            rows.add(row);
        }
        rows.sort((x, y) -> Double.compare(Math.abs(y.extraBytes()), Math.abs(x.extraBytes())));
        System.out.printf("%nJOL object graph of the %s server, per idle connection (%d connections; differences "
                + "against no connection):%n%n", kind, n);
        System.out.printf("| total | raw %.0f B | bridge %.0f B | **bridge − raw %.0f B** |%n%n", rawTotal, bridgeTotal,
                bridgeTotal - rawTotal);
        System.out.println("| class | raw objects | raw B | bridge objects | bridge B | bridge − raw B |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double shown = 0;
        for (Row row : rows) {
            if (Math.abs(row.extraBytes()) < 4) {
                continue; // a few bytes of noise (a container structure that grew by one step in one run)
            }
            shown += row.extraBytes();
            System.out.printf(Locale.ROOT, "| `%s` | %.2f | %.0f | %.2f | %.0f | %.0f |%n", shortName(row.name()),
                    row.rawCount(), row.rawBytes(), row.bridgeCount(), row.bridgeBytes(), row.extraBytes());
        }
        System.out.printf("| (rows under 4 B) | | | | | %.0f |%n", bridgeTotal - rawTotal - shown);
    }

    private static String shortName(String name) {
        return name.replace("java.util.concurrent.", "j.u.c.").replace("java.util.", "j.u.")
                .replace("java.lang.", "j.l.").replace("io.websock.jakarta.", "").replace("org.apache.tomcat.", "o.a.t.")
                .replace("org.eclipse.jetty.", "o.e.j.").replace("org.glassfish.tyrus.", "o.g.t.")
                .replace("org.glassfish.grizzly.", "o.g.g.");
    }

    // ---------------------------------------------------------------- heap after GC

    private static long usedAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    // ---------------------------------------------------------------- the idle peers (a child JVM)

    /** {@code n} idle connections held by a child process; closing it closes them and waits until the server saw it. */
    static final class Peers implements AutoCloseable {
        private final Process process;
        private final IdleServers.Server server;
        private final String path;
        private final BufferedReader out;
        private final Writer in;

        private Peers(Process process, IdleServers.Server server, String path) {
            this.process = process;
            this.server = server;
            this.path = path;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        }

        static Peers open(IdleServers.Server server, String path, int n) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    IdleClients.class.getName(), Integer.toString(server.port()), path, Integer.toString(n), headers)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Peers peers = new Peers(p, server, path);
            String line = peers.out.readLine();
            if (line == null || !line.equals("OPEN " + n)) {
                p.destroyForcibly();
                throw new IllegalStateException("the idle clients did not open " + n + " connections to " + path + ": " + line);
            }
            return peers;
        }

        /** Waits until the server has every connection open (a client may see 101 before onOpen ran). */
        void awaitServer(int n) throws InterruptedException {
            await(() -> server.open(path) >= n, "the server to open " + n + " connections on " + path);
        }

        @Override
        public void close() throws Exception {
            in.write("close\n");
            in.flush();
            out.readLine();
            process.waitFor();
            await(() -> server.open(path) == 0, "the server to see every connection on " + path + " closed");
            Thread.sleep(1000); // containers release some per-connection state shortly after onClose
        }

        private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out waiting for " + what);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Registers the two endpoints of the measurement on a container. */
    static void deploy(WebSockServer websock, ServerContainer container) throws Exception {
        container.setDefaultMaxSessionIdleTimeout(0);
        container.addEndpoint(ServerEndpointConfig.Builder.create(RawIdle.class, "/raw").build());
        container.addEndpoint(websock.endpoint("/bridge", new EchoHandler(), OPTIONS));
    }
}
