package io.websock.jakarta;

import io.websock.CloseReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class S12InvalidUtf8Test {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S12 invalid UTF-8 in a text message → close 1007, terminate(Error) once, no handleIn")
    void s12_invalidUtf8(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             RawClient client = RawClient.connect(server.uri("/e"))) {
            String id = handler.recorder.onlyConnection();
            client.send(true, RawClient.TEXT, new byte[]{'o', 'k', (byte) 0xC3, (byte) 0x28});
            RawClient.Frame close = client.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1007);
            assertThat(handler.recorder.awaitTermination(id)).isInstanceOf(CloseReason.Error.class);
            assertThat(handler.recorder.events.get(id)).noneMatch(e -> e.equals("in"));
        }
    }
}
