package io.websock.jakarta;

import io.websock.Frame;
import io.websock.Handshake;
import io.websock.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each connection's {@code handshake()} is its own request's, even when handshakes run concurrently. */
class HandshakeSnapshotTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    void every_connection_sees_its_own_headers_path_and_query(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted().init(c -> {
            Handshake h = c.handshake();
            return Result.push(Frame.text(h.header("x-client") + "|" + h.pathParameter("room") + "|"
                    + h.queryParameter("q") + "|" + h.requestUri().getPath()), 0);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/rooms/{room}", handler)))) {
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<String>> greetings = new ArrayList<>();
            List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                CompletableFuture<String> greeting = new CompletableFuture<>();
                greetings.add(greeting);
                sockets.add(http.newWebSocketBuilder().header("X-Client", "client-" + i)
                        .buildAsync(server.uri("/rooms/r" + i + "?q=" + i), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                greeting.complete(data.toString());
                                return null;
                            }
                        }));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(greetings.get(i).get(10, TimeUnit.SECONDS))
                        .isEqualTo("client-" + i + "|r" + i + "|" + i + "|/rooms/r" + i);
            }
            sockets.forEach(s -> s.join().abort());
        }
    }
}
