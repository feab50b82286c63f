package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSockOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void echoStopAndRemoteClose(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        Scripted stopper = new Scripted().in((f, s) -> Result.stop("boom", CloseDetail.of(4001, "bye"),
                java.util.List.of(Frame.text("last")), s));
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/echo", echo, WebSockOptions.DEFAULTS));
            c.addEndpoint(ws.endpoint("/stop", stopper, WebSockOptions.DEFAULTS));
        })) {
            try (WsClient client = WsClient.connect(server.uri("/echo"))) {
                client.text("hello");
                assertThat(client.nextText()).isEqualTo("hello");
                client.binary(new byte[]{1, 2, 3});
                assertThat(client.nextBinary()).containsExactly(1, 2, 3);
                client.sendClose(4000, "done");
                String id = echo.recorder.onlyConnection();
                assertThat(echo.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Remote(4000, "done"));
            }
            try (WsClient client = WsClient.connect(server.uri("/stop"))) {
                client.text("x");
                assertThat(client.nextText()).isEqualTo("last");
                assertThat(client.nextClose()).isEqualTo(new WsClient.Close(4001, "bye"));
                String id = stopper.recorder.onlyConnection();
                assertThat(stopper.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error("boom"));
            }
            assertThat(echo.recorder.overlaps).hasValue(0);
        }
    }
}
