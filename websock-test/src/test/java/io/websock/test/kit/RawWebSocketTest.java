package io.websock.test.kit;

import io.websock.WebSockOptions;
import io.websock.test.client.RawWebSocket;
import io.websock.test.junit.Endpoints;
import io.websock.test.junit.WebSockEndpoints;
import io.websock.test.junit.WebSockPath;
import io.websock.test.junit.WebSockTest;
import io.websock.test.junit.WebSockTestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The raw mode against embedded Tomcat: hand-written upgrades and the frames a real client would never send. */
@WebSockTest
class RawWebSocketTest {

    @WebSockEndpoints
    static void endpoints(Endpoints endpoints) {
        endpoints.add("/cmd", new CommandHandler());
        endpoints.add("/small", new CommandHandler(), WebSockOptions.builder().maxMessageSize(100).build());
    }

    @Test
    @DisplayName("a valid upgrade: 101 with the RFC's accept value, then frames both ways")
    void upgrade(WebSockTestServer server) throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.uri("/cmd"))) {
            assertThat(raw.status()).isEqualTo(101);
            assertThat(raw.statusLine()).startsWith("HTTP/1.1 101");
            assertThat(raw.header("sec-websocket-accept")).isEqualTo(RawWebSocket.ACCEPT);
            raw.sendText("hi");
            RawWebSocket.Frame echo = raw.readFrame();
            assertThat(echo.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(echo.fin()).isTrue();
            assertThat(echo.text()).isEqualTo("hi");
            raw.sendClose(4000, "done");
            RawWebSocket.Frame close = raw.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(close.closeReason()).isEqualTo("done");
        }
    }

    @Test
    @DisplayName("a refused upgrade: status line, headers and body of the library's 400 and 403")
    void refusals(WebSockTestServer server) throws Exception {
        URI uri = server.uri("/cmd");
        String version12 = RawWebSocket.validRequest(uri).replace("Version: 13", "Version: 12") + "\r\n";
        try (RawWebSocket refused = RawWebSocket.request(uri, version12)) {
            assertThat(refused.statusLine()).startsWith("HTTP/1.1 400");
            assertThat(refused.body()).isEqualTo("'sec-websocket-version' header must equal '13', got [\"12\"]");
        }
        try (RawWebSocket refused = RawWebSocket.upgrade(uri, "Origin: http://evil.example")) {
            assertThat(refused.status()).as(refused.head()).isEqualTo(403);
        }
        assertThatThrownBy(() -> RawWebSocket.connect(server.uri("/nowhere")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected 101 Switching Protocols from " + server.uri("/nowhere") + ", got:\nHTTP/1.1 404");
        assertThatThrownBy(() -> RawWebSocket.validRequest(uri, "X-Two: a\r\nX-Three: b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one \"Name: value\" line");
    }

    @Test
    @DisplayName("fragments frame by frame are one message to the handler")
    void fragments(@WebSockPath("/cmd") RawWebSocket raw) throws Exception {
        raw.sendFrame(false, RawWebSocket.TEXT, "ab".getBytes(StandardCharsets.UTF_8))
                .sendFrame(false, RawWebSocket.CONTINUATION, "cd".getBytes(StandardCharsets.UTF_8))
                .sendFrame(true, RawWebSocket.CONTINUATION, "ef".getBytes(StandardCharsets.UTF_8));
        assertThat(raw.readMessage().text()).isEqualTo("abcdef");
    }

    @Test
    @DisplayName("invalid UTF-8 in a text frame → close 1007")
    void invalidUtf8(@WebSockPath("/cmd") RawWebSocket raw) throws Exception {
        raw.sendFrame(true, RawWebSocket.TEXT, new byte[]{(byte) 0xC3, 0x28});
        raw.expectClose(1007);
    }

    @Test
    @DisplayName("reserved bits without an extension, an unmasked frame, a 126-byte ping → close 1002 (protocol error)")
    void protocolErrors(WebSockTestServer server) throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.uri("/cmd"))) {
            raw.frame(RawWebSocket.TEXT).rsv(4).payload("x").send();
            raw.expectClose(1002);
        }
        try (RawWebSocket raw = RawWebSocket.connect(server.uri("/cmd"))) {
            raw.frame(RawWebSocket.TEXT).unmasked().payload("x").send();
            raw.expectClose(1002);
        }
        try (RawWebSocket raw = RawWebSocket.connect(server.uri("/cmd"))) {
            raw.frame(RawWebSocket.PING).payload(new byte[126]).send();
            raw.expectClose(1002);
        }
    }

    @Test
    @DisplayName("a message over maxMessageSize → close 1009; expectClose on another code lists the frames read")
    void oversized(WebSockTestServer server) throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.uri("/small"))) {
            raw.sendText("x".repeat(100));
            assertThat(raw.readMessage().text()).hasSize(100);
            raw.sendText("x".repeat(101));
            raw.expectClose(1009);
        }
        try (RawWebSocket raw = RawWebSocket.connect(server.uri("/cmd"))) {
            raw.sendText("push a").sendText("close 4001 gone");
            assertThatThrownBy(() -> raw.expectClose(1000))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("expected close 1000, but got close 4001 \"gone\" (ws://")
                    .hasMessageEndingWith("frames read, in order: [text \"a\", close 4001 \"gone\"]");
        }
    }

    @Test
    @DisplayName("a header sent alone (64-bit length form), then its payload as raw bytes: one message")
    void headerThenPayload(@WebSockPath("/cmd") RawWebSocket raw) throws Exception {
        raw.sendHeader(RawWebSocket.BINARY, 5).sendBytes(new byte[]{1, 2, 3, 4, 5});
        RawWebSocket.Frame echo = raw.readMessage();
        assertThat(echo.opcode()).isEqualTo(RawWebSocket.BINARY);
        assertThat(echo.payload()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    @DisplayName("a header declaring more bytes than follow, then a drop: the handler terminates")
    void declaredLengthThenDrop(WebSockTestServer server) throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.uri("/cmd"))) {
            raw.sendHeader(RawWebSocket.BINARY, 1000).sendBytes(new byte[10]);
            raw.drop();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> server.websock().connectionCount() == 0);
    }
}
