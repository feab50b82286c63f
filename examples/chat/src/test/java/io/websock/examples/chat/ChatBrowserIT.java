package io.websock.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The chat end to end in a real browser: the packaged servlet WAR on embedded Tomcat (127.0.0.1, any free
 * port), headless Chromium driven through the DevTools protocol ({@link Chromium}), two tabs in one room.
 * The presence interval is {@code chat.presenceInterval} (1 s, set by the build). A screenshot of the
 * conversation is written to {@code target/e2e/chat.png}.
 *
 * <p>Without Chromium the test fails, naming the fix, unless {@code -Dchat.e2e.skip=true} is given.
 */
class ChatBrowserIT {

    /** How long "eventually" may take on a loaded two-core machine. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(20);
    /** Beyond one presence interval: the tab's teardown, the close handshake, a loaded machine. */
    private static final Duration PRESENCE_SLACK = Duration.ofSeconds(4);

    /**
     * System property: the URL of the chat page on an already running server (e.g. the WAR deployed on
     * WildFly, {@code http://127.0.0.1:8080/chat/}); the test then starts no server of its own and cannot
     * read the server's log. That server should run with the same {@code chat.presenceInterval}.
     */
    static final String EXTERNAL = "chat.e2e.url";
    private static final Path E2E = Paths.get(System.getProperty("chat.e2e.dir", "target/e2e"));
    private static final ConcurrentLinkedQueue<String> serverLog = new ConcurrentLinkedQueue<>();
    private static final Logger HANDLER_LOG = Logger.getLogger(ChatHandler.class.getName());
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            serverLog.add(new java.util.logging.SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static ChatServer server;
    private static URI base;
    private static Chromium browser;
    private static Duration presenceInterval;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Chromium.executable())) {
            if (Boolean.getBoolean("chat.e2e.skip")) {
                Assumptions.abort("chat.e2e.skip=true and no Chromium at " + Chromium.executable());
            }
            fail("the browser test needs Chromium at " + Chromium.executable()
                    + ": install it with `sudo apt-get install -y chromium` (.ci/run does this), point -Dchat.chromium=<path>"
                    + " at another Chromium, or skip only this test with -Dchat.e2e.skip=true");
        }
        presenceInterval = ChatSettings.parse(System.getProperty(ChatSettings.PRESENCE_INTERVAL, "1s"));
        HANDLER_LOG.addHandler(CAPTURE);
        String external = System.getProperty(EXTERNAL);
        if (external != null) {
            base = URI.create(external);
        } else {
            server = ChatServer.start(Paths.get(System.getProperty(ChatServer.WEBAPP, "target/chat-servlet")), 0,
                    Files.createTempDirectory("chat-e2e-tomcat"));
            base = server.url();
        }
        browser = Chromium.launch(E2E, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            HANDLER_LOG.removeHandler(CAPTURE);
        }
    }

    private static Chromium.Page join(String query) {
        return browser.open(base + "?" + query);
    }

    private static String state(Chromium.Page page) {
        return page.text("document.getElementById('status').dataset.state");
    }

    private static List<String> presence(Chromium.Page page) {
        JsonNode users = page.eval("[...document.querySelectorAll('#presence li')].map(li => li.textContent)");
        return users.isArray() ? java.util.stream.StreamSupport.stream(users.spliterator(), false).map(JsonNode::asText).toList() : List.of();
    }

    private static List<String> chatLines(Chromium.Page page) {
        JsonNode lines = page.eval("[...document.querySelectorAll('#log li:not(.system)')].map(li => li.textContent)");
        return java.util.stream.StreamSupport.stream(lines.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void type(Chromium.Page page, String text) {
        page.eval("(() => { const t = document.getElementById('text'); t.value = " + quote(text)
                + "; t.dispatchEvent(new Event('input')); return true; })()");
    }

    private static void send(Chromium.Page page) {
        page.eval("(() => { document.getElementById('say').requestSubmit(); return true; })()");
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    @DisplayName("E2E two Chromium tabs in one room: presence lists both, typing shows, a message reaches the other, closing one updates presence within the interval")
    void twoTabsInOneRoom() throws Exception {
        Chromium.Page alice = join("room=e2e&user=alice");
        await().atMost(EVENTUALLY).until(() -> state(alice).equals("connected"));
        Chromium.Page bob = join("room=e2e&user=bob");
        await().atMost(EVENTUALLY).until(() -> state(bob).equals("connected"));

        // Presence: bob sees both at once (his first roster), alice on her next presence tick.
        await().atMost(EVENTUALLY).until(() -> presence(bob).equals(List.of("alice", "bob")));
        await().atMost(EVENTUALLY).until(() -> presence(alice).equals(List.of("alice", "bob")));

        // Typing in one tab shows in the other (the info channel: a Typing record published to the room).
        type(alice, "hello bob, this is alice");
        await().atMost(EVENTUALLY).until(() -> bob.text("document.getElementById('typing').textContent").equals("alice is typing…"));
        assertThat(alice.text("document.getElementById('typing').textContent")).as("no one is told about their own typing").isEmpty();

        // A message typed and sent in one tab appears in both, in one order.
        send(alice);
        await().atMost(EVENTUALLY).until(() -> chatLines(bob).contains("alice: hello bob, this is alice"));
        type(bob, "hi alice!");
        send(bob);
        await().atMost(EVENTUALLY).until(() -> chatLines(alice).equals(List.of("alice: hello bob, this is alice", "bob: hi alice!")));
        await().atMost(EVENTUALLY).until(() -> chatLines(bob).equals(List.of("alice: hello bob, this is alice", "bob: hi alice!")));

        alice.screenshot(E2E.resolve("chat.png"));
        bob.screenshot(E2E.resolve("chat-bob.png"));

        // What the two tabs sent, for /metrics below (bob's before his tab goes).
        List<JsonNode> sent = new java.util.ArrayList<>(alice.events("Network.webSocketFrameSent"));
        sent.addAll(bob.events("Network.webSocketFrameSent"));
        int receivedBeforeClose = alice.events("Network.webSocketFrameReceived").size()
                + bob.events("Network.webSocketFrameReceived").size();

        // Closing bob's tab: alice's presence drops him at her next tick — within one interval (+ slack).
        long closedAt = System.nanoTime();
        bob.close();
        await().atMost(presenceInterval.plus(PRESENCE_SLACK)).until(() -> presence(alice).equals(List.of("alice")));
        Duration took = Duration.ofNanos(System.nanoTime() - closedAt);
        if (server != null) {
            await().atMost(EVENTUALLY).until(() -> serverLog.stream().anyMatch(l -> l.startsWith("chat: bob left e2e") && l.contains("terminate(Remote(")));
        }
        assertThat(state(alice)).isEqualTo("connected");
        if (server != null) {
            assertMetricsMatch(sent, receivedBeforeClose);
        }
        System.out.println("presence updated " + took.toMillis() + " ms after bob's tab closed (interval " + presenceInterval.toMillis() + " ms)");
    }

    @Test
    @DisplayName("E2E a page without a user name is refused by the upgrade check (401), one with a bad name too (403), and each says so")
    void pagesWithoutValidUserNameAreRefused() {
        Chromium.Page anonymous = join("room=e2e");
        await().atMost(EVENTUALLY).until(() -> state(anonymous).equals("refused"));
        assertThat(anonymous.text("document.getElementById('status').textContent")).contains("a user name is required");
        // The page cannot see the HTTP status of a refused upgrade; the browser's network log can. Chromium
        // words a 401 (with WWW-Authenticate) as an authentication failure, other statuses by their code.
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(handshakeErrors(anonymous))
                .contains("HTTP Authentication failed; no valid credentials available"));

        Chromium.Page badName = join("room=e2e&user=%3Cscript%3E");
        await().atMost(EVENTUALLY).until(() -> state(badName).equals("refused"));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(handshakeErrors(badName))
                .anySatisfy(e -> assertThat(e).endsWith("Unexpected response code: 403")));
        anonymous.close();
        badName.close();
        if (server != null) {
            String refused = "websock_upgrades_refused_total{check=\"upgrade_check\",path=\"/chat/{room}\",status=\"";
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                String scrape = scrape();
                assertThat(metric(scrape, refused + "401\"}")).as("401 refusals in /metrics").isEqualTo(1);
                assertThat(metric(scrape, refused + "403\"}")).as("403 refusals in /metrics").isEqualTo(1);
            });
        }
    }

    /**
     * {@code /metrics} (Prometheus text) agrees with what the browser did: two connections opened, one open, bob's
     * ended by his tab's close frame (1001 "going away", {@code remote}); every frame the tabs sent counted in,
     * with its bytes; at least every frame they received counted out (presence ticks to alice go on meanwhile).
     */
    private static void assertMetricsMatch(List<JsonNode> sent, int receivedBeforeClose) throws Exception {
        String path = "path=\"/chat/{room}\"";
        await().atMost(EVENTUALLY).until(() -> metric(scrape(), "websock_connections_closed_total{code=\"1001\"," + path
                + ",reason=\"remote\"}") == 1);
        String scrape = scrape();
        System.out.println("/metrics after the chat (websock_, no buckets):");
        scrape.lines().filter(l -> l.contains("websock_") && !l.contains("_bucket")).forEach(System.out::println);
        assertThat(metric(scrape, "websock_connections_opened_total{" + path + "}")).isEqualTo(2);
        assertThat(metric(scrape, "websock_connections_open{" + path + "}")).isEqualTo(1);
        assertThat(metric(scrape, "websock_messages_total{direction=\"in\"," + path + ",type=\"text\"}"))
                .as("messages in = text frames the tabs sent").isEqualTo(sent.size());
        long sentBytes = sent.stream().mapToLong(f -> f.path("response").path("payloadData").asText()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        assertThat(metric(scrape, "websock_messages_bytes_total{direction=\"in\"," + path + ",type=\"text\"}"))
                .as("bytes in = their payload bytes").isEqualTo(sentBytes);
        assertThat(metric(scrape, "websock_messages_total{direction=\"out\"," + path + ",type=\"text\"}"))
                .as("messages out >= frames the tabs had received").isGreaterThanOrEqualTo(receivedBeforeClose);
        assertThat(metric(scrape, "websock_callback_duration_seconds_count{callback=\"handleIn\"," + path + "}"))
                .isEqualTo(sent.size());
    }

    private static String scrape() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(base.resolve("metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
        return response.body();
    }

    /** The value of the sample named exactly {@code series} (name and labels as printed), or -1 if absent. */
    private static long metric(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0]))
                .findFirst().orElse(-1);
    }

    private static List<String> handshakeErrors(Chromium.Page page) {
        return page.events("Network.webSocketFrameError").stream().map(e -> e.path("errorMessage").asText()).toList();
    }
}
