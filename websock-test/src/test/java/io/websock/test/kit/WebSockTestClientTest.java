package io.websock.test.kit;

import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import io.websock.test.junit.Endpoints;
import io.websock.test.junit.WebSockEndpoints;
import io.websock.test.junit.WebSockPath;
import io.websock.test.junit.WebSockTest;
import io.websock.test.junit.WebSockTestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each expectation of the client, passing and failing, and what the failure says (embedded Tomcat). */
@WebSockTest
class WebSockTestClientTest {

    static final CommandHandler HANDLER = new CommandHandler();

    @WebSockEndpoints
    static void endpoints(Endpoints endpoints) {
        endpoints.add("/cmd", HANDLER);
    }

    @Test
    @DisplayName("expectText: passes on the text; fails naming the expected text, what came, and all received in order")
    void expectText(@WebSockPath("/cmd") WebSockTestClient client) {
        client.sendText("push a b c").expectText("a").expectText("b");
        assertThatThrownBy(() -> client.expectText("x"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected text \"x\", but got text \"c\" (ws://127.0.0.1:")
                .hasMessageEndingWith("/cmd)\nreceived so far, in order:\n    1. text \"a\"\n    2. text \"b\"\n  > 3. text \"c\"");
    }

    @Test
    @DisplayName("expectText(condition) and expectTextMatching: pass on a match; fail with the description")
    void expectTextCondition(@WebSockPath("/cmd") WebSockTestClient client) {
        client.sendText("push {\"n\":1} two");
        client.expectText("a JSON object", t -> t.startsWith("{"));
        assertThatThrownBy(() -> client.expectText("a JSON object", t -> t.startsWith("{")))
                .hasMessageStartingWith("expected a JSON object, but got text \"two\"");
        client.sendText("push v1.2 v13");
        client.expectTextMatching("v\\d+\\.\\d+");
        assertThatThrownBy(() -> client.expectTextMatching("v\\d+\\.\\d+"))
                .hasMessageStartingWith("expected text matching /v\\d+\\.\\d+/, but got text \"v13\"");
        client.sendText("42").expectText(t -> t.equals("42"));
    }

    @Test
    @DisplayName("expectBinary compares byte by byte and shows both in hex")
    void expectBinary(@WebSockPath("/cmd") WebSockTestClient client) {
        client.sendBinary(new byte[]{1, 2}).expectBinary(new byte[]{1, 2});
        client.sendBinary(new byte[]{1, 3});
        assertThatThrownBy(() -> client.expectBinary(new byte[]{1, 2}))
                .hasMessageStartingWith("expected binary 0x0102 (2 bytes), but got binary 0x0103 (2 bytes)")
                .hasMessageEndingWith("    1. binary 0x0102 (2 bytes)\n  > 2. binary 0x0103 (2 bytes)");
        client.sendText("hello");
        assertThatThrownBy(() -> client.expectBinary(new byte[]{1}))
                .hasMessageStartingWith("expected binary 0x01 (1 byte), but got text \"hello\"");
    }

    @Test
    @DisplayName("expectPing: a ping the handler pushed, with its payload")
    void expectPing(@WebSockPath("/cmd") WebSockTestClient client) {
        client.sendText("ping p1").expectPing("p1".getBytes(StandardCharsets.UTF_8));
        client.sendText("ping p2");
        assertThatThrownBy(() -> client.expectPing("p1".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("expected ping 0x7031 (2 bytes), but got ping 0x7032 (2 bytes)");
    }

    @Test
    @DisplayName("expectPong: the container answers the client's ping with a pong carrying its payload")
    void expectPong(@WebSockPath("/cmd") WebSockTestClient client) {
        client.sendPing(new byte[]{4, 2}).expectPong(new byte[]{4, 2});
        client.sendPing(new byte[]{4, 3});
        assertThatThrownBy(() -> client.expectPong(new byte[]{4, 2}))
                .hasMessageStartingWith("expected pong 0x0402 (2 bytes), but got pong 0x0403 (2 bytes)");
    }

    @Test
    @DisplayName("expectClose(code, reason): passes on that close; fails on another code, another reason, or data first")
    void expectClose(WebSockTestServer server) {
        try (WebSockTestClient client = server.connect("/cmd")) {
            client.sendText("close 4001 bye now").expectClose(4001, "bye now");
            assertThat(client.isClosed()).isTrue();
        }
        try (WebSockTestClient client = server.connect("/cmd")) {
            client.sendText("close 4002 later");
            assertThatThrownBy(() -> client.expectClose(4001, "later"))
                    .hasMessageStartingWith("expected close 4001 \"later\", but got close 4002 \"later\"");
        }
        try (WebSockTestClient client = server.connect("/cmd")) {
            client.sendText("close 1008 slow consumer");
            assertThatThrownBy(() -> client.expectClose(1008, "slow"))
                    .hasMessageStartingWith("expected close 1008 \"slow\", but got close 1008 \"slow consumer\"");
        }
        try (WebSockTestClient client = server.connect("/cmd")) {
            client.sendText("push last").sendText("close 1000 done");
            assertThatThrownBy(() -> client.expectClose(1000))
                    .hasMessageStartingWith("expected close 1000, but got text \"last\"");
            client.expectClose(1000, "done");
        }
    }

    @Test
    @DisplayName("awaitClose skips what comes before the close; fails listing what came when no close comes")
    void awaitClose(WebSockTestServer server) {
        try (WebSockTestClient client = server.connect("/cmd")) {
            client.sendText("push x y").sendText("close 4003 over");
            assertThat(client.awaitClose()).isEqualTo(new Received.Close(4003, "over"));
            assertThat(client.received()).containsExactly(new Received.Text("x"), new Received.Text("y"),
                    new Received.Close(4003, "over"));
        }
        try (WebSockTestClient client = server.connect("/cmd")) {
            client.sendText("push x");
            assertThatThrownBy(() -> client.awaitClose(Duration.ofMillis(300)))
                    .hasMessageStartingWith("expected a close frame within 300 ms, but none arrived")
                    .hasMessageEndingWith("received so far, in order:\n    1. text \"x\"");
        }
    }

    @Test
    @DisplayName("expectNoMessage: passes when nothing comes within the time; fails naming what came")
    void expectNoMessage(@WebSockPath("/cmd") WebSockTestClient client) {
        long start = System.nanoTime();
        client.sendText("silent").expectNoMessage(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited the whole time")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        client.sendText("late");
        assertThatThrownBy(() -> client.expectNoMessage(Duration.ofSeconds(5)))
                .hasMessageStartingWith("expected no message within 5 s, but got text \"late\"");
    }

    @Test
    @DisplayName("an expectation that times out says how long it waited and that nothing (more) arrived")
    void timeout(@WebSockPath("/cmd") WebSockTestClient client) {
        client.timeout(Duration.ofMillis(400));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.expectText("never"))
                .hasMessageStartingWith("expected text \"never\" within 400 ms, but nothing arrived (ws://")
                .hasMessageEndingWith("received so far, in order: nothing");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        client.sendText("one").expectText("one");
        assertThatThrownBy(client::nextText)
                .hasMessageStartingWith("expected a text message within 400 ms, but nothing more arrived")
                .hasMessageEndingWith("    1. text \"one\"");
    }

    @Test
    @DisplayName("next, nextText, nextBinary, pending and received: what arrived, in order")
    void reading(@WebSockPath("/cmd") WebSockTestClient client) {
        client.sendText("push a b").sendBinary(new byte[]{9});
        assertThat(client.next()).isEqualTo(new Received.Text("a"));
        client.sendText("push c");
        assertThat(client.nextText()).isEqualTo("b");
        assertThat(client.nextBinary()).containsExactly(9);
        assertThat(client.nextText()).isEqualTo("c");
        assertThat(client.pending()).isEmpty();
        assertThat(client.received()).containsExactly(new Received.Text("a"), new Received.Text("b"),
                new Received.Binary(new byte[]{9}), new Received.Text("c"));
        client.sendText("push d");
        assertThatThrownBy(client::nextBinary).hasMessageStartingWith("expected a binary message, but got text \"d\"");
    }

    @Test
    @DisplayName("a refused upgrade fails the connect with the HTTP status")
    void refusedUpgrade(WebSockTestServer server) {
        assertThatThrownBy(() -> WebSockTestClient.connect(server.uri("/nowhere")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("could not connect to " + server.uri("/nowhere") + ": the upgrade was refused with HTTP 404 "
                        + "(use RawWebSocket to read such a refusal)");
    }

    @Test
    @DisplayName("subprotocols, headers and a paused reader through the builder")
    void builder(WebSockTestServer server) {
        try (WebSockTestClient client = server.connect(WebSockTestClient.builder(server.uri("/cmd"))
                .header("X-Test", "1").timeout(Duration.ofSeconds(5)).paused())) {
            client.sendText("push p");
            client.expectNoMessage(Duration.ofMillis(200));
            client.resumeReading().expectText("p");
            assertThat(client.timeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(client.subprotocol()).isEmpty();
        }
    }

    @Test
    @DisplayName("uri(deployment URL, path): http → ws, https → wss, the context path kept; bad input named")
    void deploymentUri() throws Exception {
        assertThat(WebSockTestClient.uri(new URL("http://127.0.0.1:8080/app/"), "/chat?room=1"))
                .isEqualTo(URI.create("ws://127.0.0.1:8080/app/chat?room=1"));
        assertThat(WebSockTestClient.uri(new URL("https://example.com/"), "/x"))
                .isEqualTo(URI.create("wss://example.com/x"));
        assertThatThrownBy(() -> WebSockTestClient.uri(new URL("http://127.0.0.1:8080/app"), "chat"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("path must start with '/', got \"chat\"");
        assertThatThrownBy(() -> WebSockTestClient.uri(new URL("ftp://127.0.0.1/app"), "/chat"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("deployment URL must be http or https, got ftp://127.0.0.1/app");
    }
}
