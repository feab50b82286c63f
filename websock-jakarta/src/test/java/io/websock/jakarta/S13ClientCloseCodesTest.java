package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S13: a close frame from the client ends the connection with {@code terminate(Remote(code, reason))}
 * carrying the client's code and reason text; a close frame without a code is reported as 1000 on every
 * container (see docs/decisions.md, "A close frame without a code").
 */
class S13ClientCloseCodesTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S13 client close 1000, 1001, 3000, 4999 (with and without reason) → terminate(Remote(code, reason))")
    void s13_closeCodes(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s13", echo, WebSockOptions.DEFAULTS)))) {
            for (int code : new int[]{1000, 1001, 3000, 4999}) {
                for (String reason : new String[]{"bye " + code + " \u00e9\u20ac", ""}) {
                    String id = closeWith(server, echo, code, reason);
                    assertThat(echo.recorder.awaitTermination(id)).as("code %d reason '%s'", code, reason)
                            .isEqualTo(new CloseReason.Remote(code, reason));
                    assertOnce(echo, id);
                }
            }
        }
    }

    /**
     * A close frame with an empty payload: {@code Remote(1000, …)} on every container. RFC 6455's 1005 ("no
     * status code") cannot be reported uniformly: Tomcat reports {@code 1000} with no reason and Tyrus
     * {@code 1000 "Normal closure."} — the same values a peer's explicit 1000 produces — so the bridge maps
     * Jetty's 1005 to 1000 too (docs/decisions.md, "A close frame without a code").
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S13 client close frame without a code → terminate(Remote) once; containers report it as 1000 (documented)")
    void s13_noCode(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s13", echo, WebSockOptions.DEFAULTS)))) {
            String id;
            try (RawClient client = RawClient.connect(server.uri("/s13"))) {
                client.text("hi");
                assertThat(client.read().text()).isEqualTo("hi");
                id = echo.recorder.onlyConnection();
                client.send(true, RawClient.CLOSE, new byte[0]);
                RawClient.Frame reply = client.readUntilClose();
                assertThat(reply.closeCode()).as("the container's reply").isEqualTo(1000);
            }
            CloseReason expected = switch (kind) {
                case TOMCAT -> new CloseReason.Remote(1000, "");
                case TYRUS -> new CloseReason.Remote(1000, "Normal closure.");
            };
            assertThat(echo.recorder.awaitTermination(id)).isEqualTo(expected);
            assertOnce(echo, id);
        }
    }

    /**
     * A peer's own close frames that look like a container's report of a lost connection (Tyrus: 1001
     * "Going away."; Open Liberty: any 1011) stay {@code Remote}: the bridge sees that the container is
     * answering a close frame it read. The lost connection itself still ends as {@code Error(CLOSED)} (S14).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S13 client close 1011 and 1001 \"Going away.\" → terminate(Remote(code, reason)), not Error(CLOSED)")
    void s13_closeCodesThatLookLikeLostConnections(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s13", echo, WebSockOptions.DEFAULTS)))) {
            for (CloseReason.Remote close : new CloseReason.Remote[]{new CloseReason.Remote(1001, "Going away."),
                    new CloseReason.Remote(1011, "oops"), new CloseReason.Remote(1011, "Buffer overflow.")}) {
                String id = closeWith(server, echo, close.code(), close.reason());
                assertThat(echo.recorder.awaitTermination(id)).isEqualTo(close);
                assertOnce(echo, id);
            }
        }
    }

    /** Opens a connection, exchanges one message, sends a close frame and reads the server's reply. */
    private static String closeWith(TestServer server, Scripted handler, int code, String reason) throws Exception {
        int before = handler.recorder.opened.size();
        try (RawClient client = RawClient.connect(server.uri("/s13"))) {
            client.text("hi");
            assertThat(client.read().text()).isEqualTo("hi");
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.recorder.opened.size() == before + 1);
            String id = handler.recorder.opened.keySet().stream()
                    .filter(k -> !handler.recorder.terminations.containsKey(k)).findFirst().orElseThrow();
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            payload.write(code >>> 8);
            payload.write(code);
            payload.writeBytes(reason.getBytes(StandardCharsets.UTF_8));
            client.send(true, RawClient.CLOSE, payload.toByteArray());
            RawClient.Frame reply = client.readUntilClose();
            assertThat(reply.opcode()).isEqualTo(RawClient.CLOSE);
            return id;
        }
    }

    private static void assertOnce(Scripted handler, String id) {
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> handler.recorder.terminations.get(id).size() == 1);
        assertThat(handler.recorder.callbacksAfterTerminate).hasValue(0);
        assertThat(handler.recorder.overlaps).hasValue(0);
    }
}
