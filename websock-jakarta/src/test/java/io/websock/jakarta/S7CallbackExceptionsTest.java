package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class S7CallbackExceptionsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S7 an exception in init closes with 1011 and terminate is never called")
    void s7_exceptionInInit(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted().init(c -> {
            throw new IllegalStateException("init failed");
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            assertThat(client.awaitClose(WsClient.WAIT).code()).isEqualTo(1011);
            String id = handler.recorder.onlyConnection();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().connectionCount() == 0);
            await().during(Duration.ofMillis(300)).until(() -> !handler.recorder.terminations.containsKey(id));
        }
    }

    static Stream<Arguments> callbacks() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind ->
                Stream.of("handleIn", "handleInfo", "handleControl", "null result").map(c -> Arguments.of(kind, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callbacks")
    @DisplayName("S7 an exception in any other callback closes with 1011 and terminate gets Error(exception) once")
    void s7_exceptionInCallback(TestServer.Kind kind, String callback) throws Exception {
        RuntimeException boom = new IllegalStateException("boom in " + callback);
        AtomicReference<Connection> connection = new AtomicReference<>();
        Scripted handler = new Scripted()
                .init(c -> {
                    connection.set(c);
                    return Result.ok(0);
                })
                .in((f, s) -> {
                    if (callback.equals("null result")) {
                        return null;
                    }
                    throw boom;
                })
                .info((m, s) -> {
                    throw boom;
                })
                .control((f, s) -> {
                    throw boom;
                });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            String id = handler.recorder.onlyConnection();
            switch (callback) {
                case "handleIn", "null result" -> client.text("x");
                case "handleInfo" -> connection.get().send("x");
                default -> client.pong("x".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(client.awaitClose(WsClient.WAIT).code()).isEqualTo(1011);
            CloseReason reason = handler.recorder.awaitTermination(id);
            assertThat(reason).isInstanceOf(CloseReason.Error.class);
            Object cause = ((CloseReason.Error) reason).cause();
            if (callback.equals("null result")) {
                assertThat(cause).isInstanceOf(NullPointerException.class);
                assertThat(((Throwable) cause).getMessage()).contains("returned null");
            } else {
                assertThat(cause).isSameAs(boom);
            }
            await().during(Duration.ofMillis(300)).until(() -> handler.recorder.terminations.get(id).size() == 1);
        }
    }
}
