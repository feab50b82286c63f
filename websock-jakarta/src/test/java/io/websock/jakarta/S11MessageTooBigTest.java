package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Fault;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class S11MessageTooBigTest {

    private static final int LIMIT = 1000;
    private static final WebSockOptions OPTIONS = WebSockOptions.builder().maxMessageSize(LIMIT).build();

    static Stream<Arguments> cases() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, RawClient.TEXT, false), Arguments.of(kind, RawClient.BINARY, false),
                Arguments.of(kind, RawClient.TEXT, true), Arguments.of(kind, RawClient.BINARY, true)));
    }

    @ParameterizedTest(name = "{0} opcode {1} fragmented {2}")
    @MethodSource("cases")
    @DisplayName("S11 a message over maxMessageSize → close 1009, terminate(Error(MESSAGE_TOO_BIG)) once")
    void s11_messageOverLimit(TestServer.Kind kind, int opcode, boolean fragmented) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler, OPTIONS)));
             RawClient client = RawClient.connect(server.uri("/e"))) {
            String id = handler.recorder.onlyConnection();
            byte[] part = "x".repeat(600).getBytes();
            if (fragmented) { // 600 + 600: each fragment fits, their sum does not
                client.send(false, opcode, part);
                client.send(true, RawClient.CONTINUATION, part);
            } else {
                client.send(true, opcode, "x".repeat(LIMIT + 1).getBytes());
            }
            RawClient.Frame close = client.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.MESSAGE_TOO_BIG));
            assertThat(handler.recorder.events.get(id)).noneMatch(e -> e.equals("in"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 a message of exactly maxMessageSize bytes is accepted (text counts UTF-8 bytes)")
    void s11_messageAtLimitAccepted(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", echo, OPTIONS)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            String atLimit = "é".repeat(LIMIT / 2); // 1000 UTF-8 bytes, 500 chars
            client.text(atLimit);
            assertThat(client.nextText()).isEqualTo(atLimit);
            client.binary(new byte[LIMIT]);
            assertThat(client.nextBinary()).hasSize(LIMIT);
            String overByBytes = "é".repeat(LIMIT / 2) + "x"; // 501 chars but 1001 bytes
            client.text(overByBytes);
            assertThat(client.awaitClose(WsClient.WAIT).code()).isEqualTo(1009);
        }
    }
}
