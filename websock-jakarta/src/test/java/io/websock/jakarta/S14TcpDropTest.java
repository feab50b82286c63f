package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Fault;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class S14TcpDropTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S14 TCP reset without a close frame → terminate(Error(CLOSED)) within 1 s")
    void s14_tcpResetReachesTerminateWithinOneSecond(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)))) {
            RawClient client = RawClient.connect(server.uri("/e"));
            String id = handler.recorder.onlyConnection();
            client.drop();
            await().atMost(Duration.ofSeconds(1)).until(() -> handler.recorder.terminations.containsKey(id));
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.CLOSED));
            assertThat(server.websock().connectionCount()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S14 a client aborting its connection (FIN, no close frame) → terminate(Error(CLOSED)) within 1 s")
    void s14_clientAbortReachesTerminateWithinOneSecond(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)))) {
            WsClient client = WsClient.connect(server.uri("/e"));
            String id = handler.recorder.onlyConnection();
            client.abort();
            await().atMost(Duration.ofSeconds(1)).until(() -> handler.recorder.terminations.containsKey(id));
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.CLOSED));
        }
    }
}
