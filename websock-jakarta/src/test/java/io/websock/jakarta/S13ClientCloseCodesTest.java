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
 * carrying the client's code and reason text; a close frame without a code is reported as 1005.
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
     * A close frame with an empty payload. SPEC §1 wants {@code Remote(1005, "")}, but neither container
     * lets an endpoint tell it from a close with code 1000 (see docs/decisions.md, "A close frame without
     * a code"): Tomcat reports {@code 1000} with no reason, Tyrus {@code 1000 "Normal closure."} — the
     * same values a peer's explicit 1000 produces. This test pins that documented behaviour per server.
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
