package io.websock.jakarta;

import io.websock.CloseReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class S13ClientCloseCodesTest {

    static Stream<Arguments> closes() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, 1000, "bye"), Arguments.of(kind, 1001, "going"),
                Arguments.of(kind, 3000, ""), Arguments.of(kind, 4999, "custom")));
    }

    @ParameterizedTest(name = "{0} close {1}")
    @MethodSource("closes")
    @DisplayName("S13 client close codes reach terminate as Remote(code, reason)")
    void s13_clientCloseCodesReachTerminate(TestServer.Kind kind, int code, String reason) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            String id = handler.recorder.onlyConnection();
            client.sendClose(code, reason);
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Remote(code, reason));
            assertThat(client.awaitClose(WsClient.WAIT).code()).isEqualTo(code); // the container echoes it
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(TestServer.Kind.class)
    @DisplayName("S13 a close frame without a code reaches terminate as Remote(1000), as containers report it")
    void s13_closeWithoutCode(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             RawClient client = RawClient.connect(server.uri("/e"))) {
            String id = handler.recorder.onlyConnection();
            client.send(true, RawClient.CLOSE, new byte[0]);
            // Jakarta WebSocket containers report a code-less close as 1000 (Tyrus with the text
            // "Normal closure."), indistinguishable from an explicit 1000: see docs/decisions.md.
            CloseReason reason = handler.recorder.awaitTermination(id);
            assertThat(reason).isInstanceOf(CloseReason.Remote.class);
            assertThat(((CloseReason.Remote) reason).code()).isEqualTo(1000);
            assertThat(client.readUntilClose().opcode()).isEqualTo(RawClient.CLOSE);
        }
    }
}
