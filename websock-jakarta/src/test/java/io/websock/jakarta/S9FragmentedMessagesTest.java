package io.websock.jakarta;

import io.websock.Frame;
import io.websock.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class S9FragmentedMessagesTest {

    private static final int FRAGMENT = 10_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S9 a text message in 3 fragments of 10 000 bytes reaches handleIn once, whole")
    void s9_fragmentedText(TestServer.Kind kind) throws Exception {
        // 'é' is 2 bytes: with an odd prefix the fragment boundaries fall inside characters.
        String text = "a" + "é".repeat((3 * FRAGMENT - 2) / 2) + "z";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(utf8).hasSize(3 * FRAGMENT);
        List<Frame.Data> seen = new CopyOnWriteArrayList<>();
        Scripted handler = new Scripted().in((f, s) -> {
            seen.add(f);
            return Result.push(Frame.text("got " + f.size()), s);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             RawClient client = RawClient.connect(server.uri("/e"))) {
            client.send(false, RawClient.TEXT, Arrays.copyOfRange(utf8, 0, FRAGMENT));
            client.send(false, RawClient.CONTINUATION, Arrays.copyOfRange(utf8, FRAGMENT, 2 * FRAGMENT));
            client.send(true, RawClient.CONTINUATION, Arrays.copyOfRange(utf8, 2 * FRAGMENT, 3 * FRAGMENT));
            assertThat(client.read().text()).isEqualTo("got 30000");
            await().until(() -> seen.size() == 1);
            assertThat(seen.get(0)).isEqualTo(Frame.text(text));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S9 a binary message in 3 fragments of 10 000 bytes reaches handleIn once, whole")
    void s9_fragmentedBinary(TestServer.Kind kind) throws Exception {
        byte[] payload = new byte[3 * FRAGMENT];
        new Random(9).nextBytes(payload);
        List<Frame.Data> seen = new CopyOnWriteArrayList<>();
        Scripted handler = new Scripted().in((f, s) -> {
            seen.add(f);
            return Result.push(f, s);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             RawClient client = RawClient.connect(server.uri("/e"))) {
            client.send(false, RawClient.BINARY, Arrays.copyOfRange(payload, 0, FRAGMENT));
            client.send(false, RawClient.CONTINUATION, Arrays.copyOfRange(payload, FRAGMENT, 2 * FRAGMENT));
            client.send(true, RawClient.CONTINUATION, Arrays.copyOfRange(payload, 2 * FRAGMENT, 3 * FRAGMENT));
            RawClient.Frame echo = client.read();
            assertThat(echo.opcode()).isEqualTo(RawClient.BINARY);
            assertThat(echo.payload()).isEqualTo(payload);
            assertThat(seen).hasSize(1);
            assertThat(((Frame.Binary) seen.get(0)).bytes()).isEqualTo(payload);
        }
    }
}
