package io.websock.jakarta;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class S8PongWithoutHandleControlTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S8 without handleControl a pong is ignored and the connection stays up")
    void s8_pongIgnored(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted(); // no control script: the interface's default handleControl
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", echo)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            String id = echo.recorder.onlyConnection();
            client.pong("unsolicited".getBytes(StandardCharsets.UTF_8));
            client.text("still here");
            assertThat(client.next()).isEqualTo(new WsClient.Text("still here"));
            assertThat(echo.recorder.events.get(id)).containsExactly("init", "control", "in");
            assertThat(echo.recorder.terminations).doesNotContainKey(id);
        }
    }
}
