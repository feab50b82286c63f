package io.websock.examples.chat;

import io.websock.test.client.WebSockTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat on two servers ({@code -Dchat.redis}): two embedded Tomcats, each running the packaged servlet WAR
 * (so each its own application, bus and node id), sharing one real {@code redis-server} on a free loopback
 * port; alice is connected to node 1, bob to node 2. Messages, typing and presence cross both ways.
 */
class ChatTwoNodesIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(20);
    private static Process redis;
    private static ChatServer node1;
    private static ChatServer node2;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        }
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await("redis-server on " + port).atMost(EVENTUALLY).pollInterval(Duration.ofMillis(50)).until(() -> accepts(port));
        System.setProperty(ChatBus.REDIS, "redis://127.0.0.1:" + port);
        Path webapp = Paths.get(System.getProperty(ChatServer.WEBAPP, "target/chat-servlet"));
        node1 = ChatServer.start(webapp, 0, Files.createTempDirectory("chat-node1"));
        node2 = ChatServer.start(webapp, 0, Files.createTempDirectory("chat-node2"));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty(ChatBus.REDIS);
        for (ChatServer node : new ChatServer[] {node1, node2}) {
            if (node != null) {
                node.close();
            }
        }
        if (redis != null) {
            redis.destroyForcibly();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static WebSockTestClient join(ChatServer node, String room, String user) {
        return WebSockTestClient.builder(URI.create("ws://127.0.0.1:" + node.port() + "/chat/" + room + "?user=" + user))
                .timeout(EVENTUALLY).connect();
    }

    /** The next text frame of {@code client} that {@code wanted} accepts, skipping others (presence refreshes). */
    private static String next(WebSockTestClient client, Predicate<String> wanted) {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        while (System.nanoTime() < deadline) {
            String text = client.nextText();
            if (wanted.test(text)) {
                return text;
            }
        }
        throw new AssertionError("no wanted frame within " + EVENTUALLY);
    }

    private static String presence(String... users) {
        return "{\"type\":\"presence\",\"users\":[" + String.join(",", List.of(users).stream().map(u -> "\"" + u + "\"").toList()) + "]}";
    }

    @Test
    @DisplayName("C1 (chat, two nodes) alice on node 1 and bob on node 2 see each other's presence, messages and typing; bob leaving reaches alice")
    void aliceAndBobOnTwoNodes() {
        try (WebSockTestClient alice = join(node1, "two", "alice")) {
            assertThat(next(alice, t -> t.contains("\"presence\""))).isEqualTo(presence("alice"));
            try (WebSockTestClient bob = join(node2, "two", "bob")) {
                // each learns of the other from the other server's presence beacons, within a few intervals
                next(bob, presence("alice", "bob")::equals);
                next(alice, presence("alice", "bob")::equals);

                bob.sendText("{\"type\":\"say\",\"text\":\"hi from node 2\"}");
                String fromBob = next(alice, t -> t.contains("\"say\""));
                assertThat(fromBob).startsWith("{\"type\":\"say\",\"user\":\"bob\",\"text\":\"hi from node 2\"");
                assertThat(next(bob, t -> t.contains("\"say\""))).isEqualTo(fromBob);

                alice.sendText("{\"type\":\"typing\"}");
                assertThat(next(bob, t -> t.contains("\"typing\""))).isEqualTo("{\"type\":\"typing\",\"user\":\"alice\"}");
                alice.sendText("{\"type\":\"say\",\"text\":\"hi from node 1\"}");
                String fromAlice = next(bob, t -> t.contains("\"say\""));
                assertThat(fromAlice).startsWith("{\"type\":\"say\",\"user\":\"alice\",\"text\":\"hi from node 1\"");
                assertThat(next(alice, t -> t.contains("\"say\""))).isEqualTo(fromAlice);
            }
            // bob's server stops announcing him; node 1 forgets him a few intervals after his last beacon
            next(alice, presence("alice")::equals);
        }
    }

    @Test
    @DisplayName("C1 (chat, two nodes, Chromium) alice's tab on node 1 and bob's tab on node 2: presence, typing and messages both ways; bob's tab closing reaches alice")
    void aliceAndBobInChromium() throws Exception {
        if (!Files.isExecutable(Chromium.executable())) {
            org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("chat.e2e.skip"), "chat.e2e.skip=true and no Chromium");
            throw new AssertionError("the browser test needs Chromium at " + Chromium.executable()
                    + " (.ci/run installs it), or -Dchat.e2e.skip=true");
        }
        Path e2e = Paths.get(System.getProperty("chat.e2e.dir", "target/e2e"));
        try (Chromium browser = Chromium.launch(e2e, Duration.ofSeconds(60))) {
            Chromium.Page alice = browser.open(node1.url() + "?room=nodes&user=alice");
            Chromium.Page bob = browser.open(node2.url() + "?room=nodes&user=bob");
            await().atMost(EVENTUALLY).until(() -> state(alice).equals("connected") && state(bob).equals("connected"));
            await().atMost(EVENTUALLY).until(() -> presence(alice).equals(List.of("alice", "bob")));
            await().atMost(EVENTUALLY).until(() -> presence(bob).equals(List.of("alice", "bob")));

            type(bob, "hello from node 2");
            await().atMost(EVENTUALLY).until(() -> alice.text("document.getElementById('typing').textContent").equals("bob is typing…"));
            send(bob);
            await().atMost(EVENTUALLY).until(() -> lines(alice).contains("bob: hello from node 2"));
            type(alice, "hello from node 1");
            send(alice);
            List<String> both = List.of("bob: hello from node 2", "alice: hello from node 1");
            await().atMost(EVENTUALLY).until(() -> lines(bob).equals(both));
            await().atMost(EVENTUALLY).until(() -> lines(alice).equals(both));
            alice.screenshot(e2e.resolve("chat-node1-alice.png"));
            bob.screenshot(e2e.resolve("chat-node2-bob.png"));

            bob.close();
            await().atMost(EVENTUALLY).until(() -> presence(alice).equals(List.of("alice")));
            assertThat(state(alice)).isEqualTo("connected");
        }
    }

    private static String state(Chromium.Page page) {
        return page.text("document.getElementById('status').dataset.state");
    }

    private static List<String> presence(Chromium.Page page) {
        com.fasterxml.jackson.databind.JsonNode users = page.eval("[...document.querySelectorAll('#presence li')].map(li => li.textContent)");
        return users.isArray() ? java.util.stream.StreamSupport.stream(users.spliterator(), false)
                .map(com.fasterxml.jackson.databind.JsonNode::asText).toList() : List.of();
    }

    private static List<String> lines(Chromium.Page page) {
        com.fasterxml.jackson.databind.JsonNode lines = page.eval("[...document.querySelectorAll('#log li:not(.system)')].map(li => li.textContent)");
        return java.util.stream.StreamSupport.stream(lines.spliterator(), false)
                .map(com.fasterxml.jackson.databind.JsonNode::asText).toList();
    }

    private static void type(Chromium.Page page, String text) {
        page.eval("(() => { const t = document.getElementById('text'); t.value = '" + text
                + "'; t.dispatchEvent(new Event('input')); return true; })()");
    }

    private static void send(Chromium.Page page) {
        page.eval("(() => { document.getElementById('say').requestSubmit(); return true; })()");
    }
}
