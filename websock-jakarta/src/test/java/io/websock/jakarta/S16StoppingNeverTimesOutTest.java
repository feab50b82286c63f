package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S16 and S15 together (issue 11.4): once the server stops accepting (drain or shutdown began), an idle
 * timeout that comes due ends the connection as {@code Shutdown} with the stop's close code, never as
 * {@code Timeout} — so a container that stops delivering pongs while the application stops cannot turn
 * undeploy into idle timeouts.
 */
class S16StoppingNeverTimesOutTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S16 an idle timeout that falls due while draining ends the connection with 1012 and terminate(Shutdown), not Timeout")
    void s16_idleTimeoutWhileDraining(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        WebSockOptions silentOneSecond = WebSockOptions.builder().timeout(Duration.ofSeconds(1)).build();
        List<WsClient> clients = new ArrayList<>();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s", handler, silentOneSecond)))) {
            for (int i = 0; i < 2; i++) {
                WsClient client = WsClient.connect(server.uri("/s"));
                clients.add(client);
                client.text("hello " + i);
                assertThat(client.nextText()).isEqualTo("hello " + i);
            }
            long start = System.nanoTime();
            // Batch 1 now, batch 2 after 30 s: the second connection's 1 s idle timeout falls due in between.
            server.websock().drain(1, Duration.ofSeconds(30));
            for (WsClient client : clients) {
                assertThat(client.awaitClose(Duration.ofSeconds(15))).isEqualTo(new WsClient.Close(1012, "service restart"));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("the second connection ended at its idle deadline, not with its drain batch").isLessThan(Duration.ofSeconds(15));
            for (String id : handler.recorder.opened.keySet()) {
                assertThat(handler.recorder.awaitTermination(id)).as("terminate of %s", id).isEqualTo(CloseReason.SHUTDOWN);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
