package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S7: a callback that throws (or returns {@code null}, which counts as a failure) ends its connection with
 * close 1011. After {@code init}, {@code terminate} then gets {@code Error(thatException)} exactly once;
 * when {@code init} itself failed, {@code terminate} never runs and the connection is forgotten.
 */
class S7CallbackExceptionsTest {

    /** How the failing callback fails. */
    enum Failure {
        THROWS, RETURNS_NULL
    }

    /** The callback made to fail, with how a test triggers it. */
    enum Callback {
        HANDLE_IN, HANDLE_INFO, HANDLE_CONTROL
    }

    private static final byte[] GO = "go".getBytes(StandardCharsets.UTF_8);
    /** What each case's callback threw, by the case's token. */
    private static final Map<String, RuntimeException> THROWN = new ConcurrentHashMap<>();

    private static final BridgeLog LOGGED = BridgeLog.capture();

    /** The connection's state: which callback fails and how (from the query), and its token. */
    record Case(String token, Callback callback, Failure failure) {
    }

    private static final Scripted INIT_FAILS = new Scripted().init(c -> fail(caseOf(c)));

    private static final Scripted CALLBACK_FAILS = new Scripted()
            .init(c -> Result.ok(caseOf(c)))
            .in((frame, s) -> frame.equals(Frame.text("go")) ? failIf(Callback.HANDLE_IN, s) : Result.push(frame, s))
            .info((message, s) -> "go".equals(message) ? failIf(Callback.HANDLE_INFO, s) : Result.ok(s))
            .control((frame, s) -> frame.equals(Frame.pong(GO)) ? failIf(Callback.HANDLE_CONTROL, s) : Result.ok(s));

    private static final ServersByKind SERVERS = new ServersByKind((websock, container) -> {
        container.addEndpoint(websock.endpoint("/init", INIT_FAILS, WebSockOptions.DEFAULTS));
        container.addEndpoint(websock.endpoint("/callback", CALLBACK_FAILS, WebSockOptions.DEFAULTS));
    });

    private static Case caseOf(Connection c) {
        String callback = c.handshake().queryParameter("callback");
        return new Case(c.handshake().queryParameter("t"), callback == null ? null : Callback.valueOf(callback),
                Failure.valueOf(c.handshake().queryParameter("failure")));
    }

    private static Result<Object> failIf(Callback callback, Object state) {
        Case c = (Case) state;
        return c.callback() == callback ? fail(c) : Result.ok(state);
    }

    private static Result<Object> fail(Case c) {
        if (c.failure() == Failure.RETURNS_NULL) {
            return null;
        }
        RuntimeException e = new IllegalStateException("failing on purpose in " + c);
        THROWN.put(c.token(), e);
        throw e;
    }

    @AfterAll
    static void stopServers() throws Exception {
        LOGGED.close();
        SERVERS.close();
    }

    /** The failure was logged once, at error level, naming the connection (and carrying the exception). */
    private static void assertLoggedOnce(String id, RuntimeException thrown) {
        List<LogRecord> records = LOGGED.records.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains("websock " + id + ":")).toList();
        assertThat(records).as("log records naming " + id).hasSize(1);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.SEVERE);
        if (thrown != null) {
            assertThat(records.get(0).getThrown()).isSameAs(thrown);
        }
    }

    static Stream<Arguments> initCases() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind -> Stream.of(Failure.values())
                .map(failure -> Arguments.of(kind, failure)));
    }

    static Stream<Arguments> callbackCases() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind -> Stream.of(Callback.values())
                .flatMap(callback -> Stream.of(Failure.values()).map(failure -> Arguments.of(kind, callback, failure))));
    }

    @ParameterizedTest(name = "{0} init {1}")
    @MethodSource("initCases")
    @DisplayName("S7 init failing → close 1011, terminate never called, connection no longer counted")
    void s7_initFails(TestServer.Kind kind, Failure failure) throws Exception {
        TestServer server = SERVERS.get(kind);
        String token = ServersByKind.token();
        try (WsClient client = WsClient.connect(server.uri("/init?failure=" + failure + "&t=" + token))) {
            assertThat(client.nextClose().code()).isEqualTo(1011);
            Connection connection = ServersByKind.connection(INIT_FAILS.recorder, token);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.websock().connectionCount() == 0);
            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.send("anyone?")).isFalse();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> !INIT_FAILS.recorder.terminations.containsKey(connection.id()));
            assertThat(INIT_FAILS.recorder.events.get(connection.id())).containsExactly("init");
            assertLoggedOnce(connection.id(), THROWN.get(token));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("callbackCases")
    @DisplayName("S7 a callback after init failing → close 1011, terminate(Error(failure)) exactly once")
    void s7_callbackFails(TestServer.Kind kind, Callback callback, Failure failure) throws Exception {
        TestServer server = SERVERS.get(kind);
        String token = ServersByKind.token();
        Recorder recorder = CALLBACK_FAILS.recorder;
        try (WsClient client = WsClient.connect(server.uri("/callback?callback=" + callback + "&failure=" + failure
                + "&t=" + token))) {
            Connection connection = ServersByKind.connection(recorder, token);
            switch (callback) {
                case HANDLE_IN -> client.text("go");
                case HANDLE_INFO -> assertThat(connection.send("go")).isTrue();
                case HANDLE_CONTROL -> client.pong(GO);
            }
            assertThat(client.nextClose().code()).isEqualTo(1011);

            CloseReason reason = recorder.awaitTermination(connection.id());
            assertThat(reason).isInstanceOf(CloseReason.Error.class);
            Object cause = ((CloseReason.Error) reason).cause();
            if (failure == Failure.THROWS) {
                assertThat(cause).as("the exception the callback threw").isSameAs(THROWN.get(token));
            } else {
                assertThat(cause).isInstanceOf(NullPointerException.class);
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> recorder.terminations.get(connection.id()).size() == 1);
            assertThat(connection.send("anyone?")).isFalse();
            assertLoggedOnce(connection.id(), THROWN.get(token));
            assertThat(recorder.callbacksAfterTerminate).hasValue(0);
            assertThat(recorder.overlaps).hasValue(0);
        }
    }
}
