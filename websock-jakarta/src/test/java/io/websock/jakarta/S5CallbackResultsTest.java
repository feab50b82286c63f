package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S5: every result form works the same returned from {@code handleIn}, from {@code handleInfo} (the info
 * sent from another thread) and from {@code handleControl} (triggered by a client pong) — and a client
 * ping never reaches {@code handleControl}, because the container answers it.
 *
 * <p>Each connection's state is the key of the form under test (from the {@code form} query parameter);
 * the callback under test returns that form when triggered by "go", and otherwise the handler echoes.
 */
class S5CallbackResultsTest {

    private static final byte[] GO = "go".getBytes(StandardCharsets.UTF_8);

    private static final Scripted IN = new Scripted()
            .init(S5CallbackResultsTest::formKey)
            .in((frame, s) -> frame.equals(Frame.text("go")) ? form(s) : Result.push(frame, s));

    private static final Scripted INFO = new Scripted()
            .init(S5CallbackResultsTest::formKey)
            .info((message, s) -> "go".equals(message) ? form(s) : Result.ok(s));

    private static final Scripted CONTROL = new Scripted()
            .init(S5CallbackResultsTest::formKey)
            .control((frame, s) -> frame.equals(Frame.pong(GO)) ? form(s) : Result.ok(s));

    private static final ServersByKind SERVERS = new ServersByKind((websock, container) -> {
        container.addEndpoint(websock.endpoint("/in", IN, WebSockOptions.DEFAULTS));
        container.addEndpoint(websock.endpoint("/info", INFO, WebSockOptions.DEFAULTS));
        container.addEndpoint(websock.endpoint("/control", CONTROL, WebSockOptions.DEFAULTS));
    });

    private static Result<Object> formKey(Connection c) {
        return Result.ok(c.handshake().queryParameter("form"));
    }

    private static Result<Object> form(Object key) {
        return ResultForms.byKey((String) key).result().apply(key);
    }

    @AfterAll
    static void stopServers() throws Exception {
        SERVERS.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind -> ResultForms.all().map(form -> Arguments.of(kind, form)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("S5 handleIn's result: pushed frames arrive in order, a stop closes with its code and reaches terminate")
    void s5_handleInResult(TestServer.Kind kind, ResultForms.Form form) throws Exception {
        String token = ServersByKind.token();
        try (WsClient client = WsClient.connect(SERVERS.get(kind).uri("/in?form=" + form.key() + "&t=" + token))) {
            String id = ServersByKind.connection(IN.recorder, token).id();
            client.text("go");
            assertThat(ResultForms.receive(client, form.received().size())).containsExactlyElementsOf(form.received());
            ResultForms.assertOutcome(form, client, IN.recorder, id);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("S5 handleInfo's result (info sent from a test thread): frames in order, a stop closes with its code")
    void s5_handleInfoResult(TestServer.Kind kind, ResultForms.Form form) throws Exception {
        String token = ServersByKind.token();
        try (WsClient client = WsClient.connect(SERVERS.get(kind).uri("/info?form=" + form.key() + "&t=" + token))) {
            Connection connection = ServersByKind.connection(INFO.recorder, token); // captured in init
            assertThat(connection.send("go")).as("send from the test thread").isTrue();
            assertThat(ResultForms.receive(client, form.received().size())).containsExactlyElementsOf(form.received());
            ResultForms.assertOutcome(form, client, INFO.recorder, connection.id());
            if (form.stops()) {
                assertThat(connection.send("too late")).as("send after terminate").isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("S5 handleControl's result (on a client pong): frames in order, a stop closes with its code")
    void s5_handleControlResult(TestServer.Kind kind, ResultForms.Form form) throws Exception {
        String token = ServersByKind.token();
        try (WsClient client = WsClient.connect(SERVERS.get(kind).uri("/control?form=" + form.key() + "&t=" + token))) {
            String id = ServersByKind.connection(CONTROL.recorder, token).id();
            client.pong(GO);
            assertThat(ResultForms.receive(client, form.received().size())).containsExactlyElementsOf(form.received());
            ResultForms.assertOutcome(form, client, CONTROL.recorder, id);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S5 a client ping is answered by the container and never reaches handleControl; a pong does")
    void s5_clientPingNeverReachesHandleControl(TestServer.Kind kind) throws Exception {
        String token = ServersByKind.token();
        try (WsClient client = WsClient.connect(SERVERS.get(kind).uri("/control?form=text&t=" + token))) {
            String id = ServersByKind.connection(CONTROL.recorder, token).id();
            client.ping(GO); // the same payload as the trigger: handleControl would push "t1" if it saw it
            assertThat(ResultForms.describe(client.next())).as("the container's answer").isEqualTo("pong:676f");
            client.pong(GO);
            assertThat(client.nextText()).as("handleControl's push for the pong").isEqualTo("t1");
            client.text("after");
            assertThat(client.nextText()).isEqualTo("after");
            // Inbound events are handled in arrival order, so a ping delivered to handleControl would show here.
            assertThat(CONTROL.recorder.events.get(id)).containsExactly("init", "control", "in");
        }
    }
}
