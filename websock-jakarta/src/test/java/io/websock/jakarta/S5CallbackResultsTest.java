package io.websock.jakarta;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every result form from handleIn, handleInfo (sent from another thread) and handleControl (a pong). */
class S5CallbackResultsTest {

    static final ResultForms.FormHandler HANDLER = new ResultForms.FormHandler();
    private static final Map<TestServer.Kind, TestServer> SERVERS = new EnumMap<>(TestServer.Kind.class);

    static synchronized TestServer server(TestServer.Kind kind) throws Exception {
        TestServer server = SERVERS.get(kind);
        if (server == null) {
            server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/{callback}/{form}", HANDLER)));
            SERVERS.put(kind, server);
        }
        return server;
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (TestServer server : SERVERS.values()) {
            server.stop();
        }
        SERVERS.clear();
    }

    static Stream<Arguments> forms() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind -> ResultForms.ALL.stream().map(f -> Arguments.of(kind, f)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forms")
    @DisplayName("S5 handleIn returning each result")
    void s5_handleInResults(TestServer.Kind kind, ResultForms.Form form) throws Exception {
        CallbackResults.check(server(kind), HANDLER, "in", form, client -> client.text("go"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forms")
    @DisplayName("S5 handleInfo returning each result, the message sent from another thread")
    void s5_handleInfoResults(TestServer.Kind kind, ResultForms.Form form) throws Exception {
        CallbackResults.check(server(kind), HANDLER, "info", form, client -> {
            var connection = HANDLER.byPath.get("info/" + form.name());
            CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> connection.send("go"),
                    r -> new Thread(r, "another-thread").start());
            assertThat(sent.orTimeout(10, TimeUnit.SECONDS).join()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forms")
    @DisplayName("S5 handleControl returning each result, on a client pong")
    void s5_handleControlResults(TestServer.Kind kind, ResultForms.Form form) throws Exception {
        CallbackResults.check(server(kind), HANDLER, "control", form,
                client -> client.pong("go".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S5 a client ping is answered by the container and never reaches handleControl")
    void s5_clientPingNeverReachesHandleControl(TestServer.Kind kind) throws Exception {
        try (WsClient client = WsClient.connect(server(kind).uri("/control/ok"))) {
            await().until(() -> HANDLER.byPath.containsKey("control/ok"));
            String id = HANDLER.byPath.get("control/ok").id();
            client.ping("hi".getBytes(StandardCharsets.UTF_8));
            WsClient.Received pong = client.next();
            assertThat(pong).isInstanceOf(WsClient.Pong.class);
            assertThat(((WsClient.Pong) pong).data()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
            client.pong("marker".getBytes(StandardCharsets.UTF_8)); // a pong does arrive, after the ping would have
            await().atMost(Duration.ofSeconds(5)).until(() -> HANDLER.recorder.events.getOrDefault(id, java.util.List.of())
                    .contains("control:Pong:marker"));
            assertThat(HANDLER.recorder.events.get(id)).noneMatch(e -> e.startsWith("control:Ping"));
            assertThat(HANDLER.recorder.events.get(id)).containsExactly("control:Pong:marker");
        }
    }
}
