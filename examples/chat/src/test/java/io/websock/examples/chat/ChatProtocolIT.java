package io.websock.examples.chat;

import io.websock.test.client.WebSockTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The chat's wire protocol and upgrade check against the packaged WAR on embedded Tomcat, with the JDK's
 * WebSocket client (the same server the browser test uses, without a browser; or the server at {@code -Dchat.e2e.url}): exact HTTP statuses of
 * refused upgrades, message fan-out, the typing indicator, error answers, presence after a departure.
 */
class ChatProtocolIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(20);
    private static ChatServer server;
    private static URI base;
    private static Duration presenceInterval;

    @BeforeAll
    static void start() throws Exception {
        presenceInterval = ChatSettings.parse(System.getProperty(ChatSettings.PRESENCE_INTERVAL, "1s"));
        String external = System.getProperty(ChatBrowserIT.EXTERNAL);
        if (external != null) {
            base = URI.create(external);
        } else {
            server = ChatServer.start(Paths.get(System.getProperty(ChatServer.WEBAPP, "target/chat-servlet")), 0,
                    Files.createTempDirectory("chat-protocol-tomcat"));
            base = server.url();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static URI room(String room, String user) {
        return URI.create("ws" + base.resolve("chat/" + room).toString().substring(4)
                + (user == null ? "" : "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> refused(URI uri) throws Exception {
        Throwable failure = catchThrowable(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS));
        assertThat(failure).as("upgrade of %s", uri).hasCauseInstanceOf(WebSocketHandshakeException.class);
        @SuppressWarnings("unchecked")
        HttpResponse<String> response = (HttpResponse<String>) ((WebSocketHandshakeException) failure.getCause()).getResponse();
        return response;
    }

    @Test
    @DisplayName("Upgrade check: no user name → 401 with WWW-Authenticate; blank → 401; bad user or room name → 403")
    void upgradeCheck() throws Exception {
        HttpResponse<String> none = refused(room("lobby", null));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("a user name is required: add ?user=<name>");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Name realm=\"websock chat\"");
        assertThat(refused(room("lobby", "  ")).statusCode()).isEqualTo(401);
        HttpResponse<String> badName = refused(room("lobby", "<script>"));
        assertThat(badName.statusCode()).isEqualTo(403);
        assertThat(badName.body()).startsWith("a user name is 1-32");
        assertThat(refused(room("lobby", "x".repeat(33))).statusCode()).isEqualTo(403);
        assertThat(refused(room("no%20spaces", "ann")).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("Protocol: welcome and presence first; a message reaches every member (sender too) in one order; typing reaches the others only")
    void messagesAndTyping() {
        try (WebSockTestClient ann = WebSockTestClient.connect(room("proto", "ann"))) {
            assertThat(ann.nextText()).isEqualTo("{\"type\":\"welcome\",\"user\":\"ann\",\"room\":\"proto\",\"presenceIntervalMs\":"
                    + presenceInterval.toMillis() + "}");
            assertThat(ann.nextText()).isEqualTo("{\"type\":\"presence\",\"users\":[\"ann\"]}");
            try (WebSockTestClient ben = WebSockTestClient.connect(room("proto", "ben"))) {
                ben.nextText();
                assertThat(ben.nextText()).isEqualTo("{\"type\":\"presence\",\"users\":[\"ann\",\"ben\"]}");
                // ann learns of ben on her next presence tick
                assertThat(ann.nextText()).isEqualTo("{\"type\":\"presence\",\"users\":[\"ann\",\"ben\"]}");

                ben.sendText("{\"type\":\"typing\"}");
                assertThat(ann.nextText()).isEqualTo("{\"type\":\"typing\",\"user\":\"ben\"}");
                ben.sendText("{\"type\":\"say\",\"text\":\"  \\\"quoted\\\" \\u00e9\\n  \"}");
                String said = ann.nextText();
                assertThat(said).startsWith("{\"type\":\"say\",\"user\":\"ben\",\"text\":\"\\\"quoted\\\" é\",\"at\":\"");
                // the sender gets the same frame, and no typing notice about itself before it
                assertThat(ben.nextText()).isEqualTo(said);
            }
        }
    }

    @Test
    @DisplayName("Protocol: bad input gets an error frame and the connection stays; a binary frame closes with 1003")
    void badInput() {
        try (WebSockTestClient eve = WebSockTestClient.connect(room("errors", "eve"))) {
            eve.nextText();
            eve.nextText();
            eve.sendText("not json");
            assertThat(eve.nextText()).startsWith("{\"type\":\"error\",\"message\":\"not a JSON object of strings: ");
            eve.sendText("{\"type\":\"dance\"}");
            assertThat(eve.nextText()).isEqualTo("{\"type\":\"error\",\"message\":\"unknown message type dance\"}");
            eve.sendText("{\"type\":\"say\",\"text\":\"" + "x".repeat(ChatHandler.MAX_TEXT + 1) + "\"}");
            assertThat(eve.nextText()).isEqualTo("{\"type\":\"error\",\"message\":\"a message is at most 2000 characters\"}");
            eve.sendText("{\"type\":\"say\",\"text\":\"still here\"}");
            assertThat(eve.nextText()).contains("\"text\":\"still here\"");
            eve.sendBinary(new byte[] {1, 2, 3});
            eve.expectClose(1003, "text frames only");
        }
    }

    @Test
    @DisplayName("Presence: a member who leaves disappears from the others' list at their next tick, within one interval (+ slack)")
    void departureWithinOneInterval() {
        try (WebSockTestClient stay = WebSockTestClient.connect(room("presence", "stay"))) {
            stay.nextText();
            stay.nextText();
            WebSockTestClient go = WebSockTestClient.connect(room("presence", "go"));
            go.nextText();
            go.nextText();
            assertThat(stay.nextText()).isEqualTo("{\"type\":\"presence\",\"users\":[\"go\",\"stay\"]}");
            long left = System.nanoTime();
            go.sendClose(1000, "bye");
            go.awaitClose(EVENTUALLY);
            assertThat(stay.nextText()).isEqualTo("{\"type\":\"presence\",\"users\":[\"stay\"]}");
            Duration took = Duration.ofNanos(System.nanoTime() - left);
            assertThat(took).as("presence update after a departure").isLessThanOrEqualTo(presenceInterval.plusSeconds(3));
            go.close();
        }
    }
}
