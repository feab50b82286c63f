package io.websock.jakarta;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/** What the client sees and {@code terminate} gets for every result {@code init} can return. */
class S4InitResultsTest {

    static final ResultForms.FormHandler HANDLER = new ResultForms.FormHandler();
    private static final Map<TestServer.Kind, TestServer> SERVERS = new EnumMap<>(TestServer.Kind.class);

    static synchronized TestServer server(TestServer.Kind kind, ResultForms.FormHandler handler) throws Exception {
        TestServer server = SERVERS.get(kind);
        if (server == null) {
            server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/{callback}/{form}", handler)));
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
    @DisplayName("S4 init returning each result: frames in order right after the handshake, stops with their codes")
    void s4_initResults(TestServer.Kind kind, ResultForms.Form form) throws Exception {
        CallbackResults.check(server(kind, HANDLER), HANDLER, "init", form, client -> { });
    }
}
