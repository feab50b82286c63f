package io.websock.jakarta;

import io.websock.WebSockOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S4: whatever {@code init} returns takes effect right after the handshake — pushed frames in order,
 * each stop form with its close code and reason, and the matching {@code terminate}.
 */
class S4InitResultsTest {

    /** init returns the form named by the connection's {@code form} query parameter; then it echoes. */
    private static final Scripted HANDLER = new Scripted()
            .init(c -> ResultForms.byKey(c.handshake().queryParameter("form")).result().apply("state"));

    private static final ServersByKind SERVERS = new ServersByKind((websock, container) ->
            container.addEndpoint(websock.endpoint("/init", HANDLER, WebSockOptions.DEFAULTS)));

    @AfterAll
    static void stopServers() throws Exception {
        SERVERS.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind -> ResultForms.all().map(form -> Arguments.of(kind, form)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("S4 init's result: pushed frames arrive in order, a stop closes with its code and reaches terminate")
    void s4_initResult(TestServer.Kind kind, ResultForms.Form form) throws Exception {
        TestServer server = SERVERS.get(kind);
        String token = ServersByKind.token();
        try (WsClient client = WsClient.connect(server.uri("/init?form=" + form.key() + "&t=" + token))) {
            assertThat(ResultForms.receive(client, form.received().size()))
                    .as("what the client receives after the handshake")
                    .containsExactlyElementsOf(form.received());
            String id = ServersByKind.connection(HANDLER.recorder, token).id();
            ResultForms.assertOutcome(form, client, HANDLER.recorder, id);
        }
    }
}
