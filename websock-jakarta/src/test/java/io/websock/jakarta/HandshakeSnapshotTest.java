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

    /**
     * Issue 13 (idle footprint): Tyrus builds a new absolute {@code URI} on each {@code getRequestURI()} call; the
     * snapshot shares the previous connection's when the text is exactly the same, and keeps its own otherwise. On
     * every container each connection's {@code requestUri()} is its own request's, absolute as the container gives it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    void connections_to_the_same_uri_share_one_request_uri_on_tyrus(TestServer.Kind kind) throws Exception {
        java.util.Map<String, java.net.URI> uris = new java.util.concurrent.ConcurrentHashMap<>();
        Scripted handler = new Scripted().init(c -> {
            uris.put(c.handshake().header("x-client"), c.handshake().requestUri());
            return Result.push(Frame.text("ready"), 0);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/rooms/{room}", handler)))) {
            HttpClient http = HttpClient.newHttpClient();
            String[][] clients = {{"a", "/rooms/r1?q=1"}, {"b", "/rooms/r1?q=1"}, {"c", "/rooms/r1?q=2"}, {"d", "/rooms/r1?q=1"}};
            for (String[] client : clients) { // one after the other: each compares with the one before
                CompletableFuture<String> ready = new CompletableFuture<>();
                WebSocket ws = http.newWebSocketBuilder().header("X-Client", client[0])
                        .buildAsync(server.uri(client[1]), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                ready.complete(data.toString());
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
                assertThat(ready.get(10, TimeUnit.SECONDS)).isEqualTo("ready");
                ws.abort();
            }
            for (String[] client : clients) {
                java.net.URI uri = uris.get(client[0]);
                assertThat(uri.getRawPath() + "?" + uri.getRawQuery()).as(client[0]).isEqualTo(client[1]);
                if (kind == TestServer.Kind.TYRUS) {
                    assertThat(uri.isAbsolute()).as(client[0] + ": " + uri).isTrue(); // as Tyrus's getRequestURI() gives it
                }
            }
            if (kind == TestServer.Kind.TYRUS) {
                assertThat(uris.get("b")).as("same text as the connection before").isSameAs(uris.get("a"));
                assertThat(uris.get("c")).as("another query").isNotSameAs(uris.get("b")).isNotEqualTo(uris.get("b"));
                assertThat(uris.get("d")).as("same text as a, but after c").isEqualTo(uris.get("a")).isNotSameAs(uris.get("a"));
            }
        }
    }
}
