package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S8: a handler that does not implement {@code handleControl} keeps the interface default, which ignores
 * the frame: a client pong changes nothing, and the connection stays up and keeps working.
 */
class S8PongWithoutHandleControlTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S8 without handleControl a client pong is ignored and the connection stays up")
    void s8_pongIgnoredConnectionStaysUp(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted(); // no control script: handleControl is the interface default
        assertThat(echo.onControl).isNull();
        try (TestServer server = TestServer.start(kind, (ws, c) ->
                c.addEndpoint(ws.endpoint("/echo", echo, WebSockOptions.DEFAULTS)));
             WsClient client = WsClient.connect(server.uri("/echo"))) {
            Recorder recorder = echo.recorder;
            String id = recorder.onlyConnection();

            client.pong("unsolicited".getBytes(StandardCharsets.UTF_8));
            client.pong(new byte[0]);
            client.text("still there?");
            assertThat(client.nextText()).as("the pongs got no answer; the echo still works")
                    .isEqualTo("still there?");
            assertThat(recorder.events.get(id)).containsExactly("init", "control", "control", "in");

            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                    !recorder.terminations.containsKey(id) && recorder.opened.get(id).isOpen()
                            && server.websock().connectionCount() == 1);
            client.binary(new byte[]{42});
            assertThat(client.nextBinary()).containsExactly(42);
            assertThat(client.received).as("nothing else was sent").isEmpty();

            client.sendClose(1000, "done");
            assertThat(recorder.awaitTermination(id)).isEqualTo(new CloseReason.Remote(1000, "done"));
        }
    }
}
