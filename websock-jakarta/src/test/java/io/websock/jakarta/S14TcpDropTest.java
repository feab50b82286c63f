package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Fault;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S14: a TCP connection lost without a close frame — reset by a raw socket, or aborted by a real client —
 * ends the connection with {@code terminate(Error(Fault.CLOSED))} exactly once, within 1 s of the drop.
 */
class S14TcpDropTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S14 TCP reset without a close frame (raw socket) → terminate(Error(CLOSED)) within 1 s")
    void s14_rawReset(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = start(kind, echo)) {
            RawClient client = RawClient.connect(server.uri("/s14"));
            client.text("hi");
            assertThat(client.read().text()).isEqualTo("hi");
            String id = echo.recorder.onlyConnection();

            client.drop();
            await().atMost(1, SECONDS).until(() -> echo.recorder.terminations.containsKey(id));
            assertClosed(echo, id);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S14 a real client aborting its connection (no close frame) → terminate(Error(CLOSED)) within 1 s")
    void s14_clientAbort(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = start(kind, echo)) {
            WsClient client = WsClient.connect(server.uri("/s14"));
            client.text("hi");
            assertThat(client.nextText()).isEqualTo("hi");
            String id = echo.recorder.onlyConnection();

            client.abort();
            await().atMost(1, SECONDS).until(() -> echo.recorder.terminations.containsKey(id));
            assertClosed(echo, id);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S14 TCP reset in the middle of a fragmented message → terminate(Error(CLOSED)) within 1 s, no handleIn")
    void s14_resetMidMessage(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = start(kind, echo)) {
            RawClient client = RawClient.connect(server.uri("/s14"));
            client.send(false, RawClient.BINARY, new byte[]{1, 2, 3});
            String id = echo.recorder.onlyConnection();

            client.drop();
            await().atMost(1, SECONDS).until(() -> echo.recorder.terminations.containsKey(id));
            assertClosed(echo, id);
            assertThat(echo.recorder.events.get(id)).doesNotContain("in");
        }
    }

    private static TestServer start(TestServer.Kind kind, Scripted handler) throws Exception {
        // timeout and auto-ping off: only the lost TCP connection can end these connections
        WebSockOptions options = WebSockOptions.builder().timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        return TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s14", handler, options)));
    }

    private static void assertClosed(Scripted handler, String id) {
        assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.CLOSED));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> handler.recorder.terminations.get(id).size() == 1);
        assertThat(handler.recorder.callbacksAfterTerminate).hasValue(0);
        assertThat(handler.recorder.opened.get(id).isOpen()).isFalse();
        assertThat(handler.recorder.opened.get(id).send("late")).isFalse();
    }
}
