package io.websock.redis;

import io.websock.test.bus.TopicBusContract;
import io.websock.test.client.WebSockTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three servers in three separate JVM processes ({@link NodeMain}: embedded Tomcat with the bridge and a
 * {@link RedisTopicBus}), sharing one real {@code redis-server}; real WebSocket clients connect to each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisNodesProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static RedisServer redis;
    private static final List<NodeProcess> nodes = new ArrayList<>();

    /** A node JVM and the port it listens on. */
    record NodeProcess(Process process, int port, Path log) {
        WebSockTestClient subscribe(String topics) {
            WebSockTestClient client = WebSockTestClient.builder(java.net.URI.create("ws://127.0.0.1:" + port + "/t/" + topics))
                    .timeout(WAIT).connect();
            client.expectText("ready");
            return client;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.launch();
        List<Process> started = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < 3; i++) {
            Path log = Files.createTempFile("websock-redis-node" + i + "-", ".log");
            Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", classPath, NodeMain.class.getName(), redis.uri())
                    .redirectError(log.toFile())
                    .start();
            started.add(p); // all three start at once: their JVM start-up overlaps
            logs.add(log);
        }
        for (int i = 0; i < 3; i++) {
            Process p = started.get(i);
            CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("PORT ")) {
                            return Integer.parseInt(line.substring(5).trim());
                        }
                    }
                    throw new IllegalStateException("node exited before listening");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                nodes.add(new NodeProcess(p, port.get(WAIT.toSeconds(), TimeUnit.SECONDS), logs.get(i)));
            } catch (Exception e) {
                throw new AssertionError("node " + i + " did not start: " + Files.readString(logs.get(i)), e);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeProcess n : nodes) {
            n.process().getOutputStream().close(); // stdin closed: the node stops its Tomcat and exits
        }
        for (NodeProcess n : nodes) {
            if (!n.process().waitFor(15, TimeUnit.SECONDS)) {
                n.process().destroyForcibly();
            }
            Files.deleteIfExists(n.log());
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("C1 (three JVMs) a publish on node 1 reaches every subscriber on nodes 1, 2 and 3 exactly once")
    void c1_acrossProcesses() {
        List<WebSockTestClient> clients = new ArrayList<>();
        try {
            for (NodeProcess n : nodes) {
                clients.add(n.subscribe("room"));
            }
            WebSockTestClient first = clients.get(0);
            first.sendText("pub room hello").expectText("local 1");
            java.util.Map<WebSockTestClient, List<String>> got = new java.util.HashMap<>();
            for (WebSockTestClient c : clients) {
                got.put(c, TopicBusContract.readUntil(c, "hello"));
            }
            clients.get(2).sendText("pub room bye");
            for (WebSockTestClient c : clients) {
                got.get(c).addAll(TopicBusContract.readUntil(c, "bye"));
                assertThat(got.get(c)).containsExactly("hello", "bye");
            }
        } finally {
            clients.forEach(WebSockTestClient::close);
        }
    }

    @Test
    @Order(2)
    @DisplayName("C4 node 2 killed with kill -9: nodes 1 and 3 keep serving and delivering to each other")
    void c4_nodeKilled() throws Exception {
        try (WebSockTestClient on1 = nodes.get(0).subscribe("c4"); WebSockTestClient on2 = nodes.get(1).subscribe("c4");
             WebSockTestClient on3 = nodes.get(2).subscribe("c4")) {
            on1.sendText("pub c4 before").expectText("local 1");
            for (WebSockTestClient c : List.of(on1, on2, on3)) {
                c.expectText("before");
            }
            Process victim = nodes.get(1).process();
            victim.destroyForcibly(); // SIGKILL
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
            on2.closeFrame().handle((c, e) -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS); // its client sees the drop

            on3.sendText("pub c4 from-3").expectText("local 1").expectText("from-3");
            on1.expectText("from-3");
            on1.sendText("pub c4 from-1").expectText("local 1").expectText("from-1");
            on3.expectText("from-1");
            // new connections to the survivors work too
            try (WebSockTestClient late = nodes.get(2).subscribe("c4")) {
                on1.sendText("pub c4 late");
                late.expectText("late");
            }
            assertThat(on1.isClosed()).isFalse();
            assertThat(on3.isClosed()).isFalse();
        }
    }

}
