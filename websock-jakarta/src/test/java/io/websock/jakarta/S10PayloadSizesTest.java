package io.websock.jakarta;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class S10PayloadSizesTest {

    static Stream<Arguments> sizes() {
        return Stream.of(TestServer.Kind.values()).flatMap(kind ->
                Stream.of(2, 10_000, 1_000_000).map(size -> Arguments.of(kind, size)));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("sizes")
    @DisplayName("S10 text and binary payloads of 2 B, 10 000 B and 1 000 000 B are echoed intact")
    void s10_payloadsEchoedIntact(TestServer.Kind kind, int size) throws Exception {
        Scripted echo = new Scripted(); // default limit (1 MiB) is large enough for 1 000 000 bytes
        Random random = new Random(size);
        byte[] binary = new byte[size];
        random.nextBytes(binary);
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", echo)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            client.binary(binary);
            assertThat(client.nextBinary()).isEqualTo(binary);
            client.text(text.toString());
            assertThat(client.nextText()).isEqualTo(text.toString());
        }
    }
}
