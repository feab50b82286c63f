package io.websock.jakarta;

import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S9: a message sent as three fragments (first frame, continuation, final continuation) reaches
 * {@code handleIn} exactly once, whole and byte-exact — text (with fragment boundaries inside
 * multi-byte UTF-8 characters) and binary.
 */
class S9FragmentedMessagesTest {

    private static final int FRAGMENT = 10_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S9 three text fragments, split inside UTF-8 characters, arrive as one whole handleIn")
    void s9_fragmentedText(TestServer.Kind kind) throws Exception {
        byte[] utf8 = multiByteText();
        String expected = new String(utf8, StandardCharsets.UTF_8);
        // Both fragment boundaries fall inside a 4-byte character (continuation bytes on either side).
        assertThat(isContinuation(utf8[FRAGMENT])).isTrue();
        assertThat(isContinuation(utf8[2 * FRAGMENT])).isTrue();

        List<Frame.Data> seen = new CopyOnWriteArrayList<>();
        Scripted handler = new Scripted().in((f, s) -> {
            seen.add(f);
            return Result.ok(s);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s9", handler, WebSockOptions.DEFAULTS)));
             RawClient client = RawClient.connect(server.uri("/s9"))) {
            client.send(false, RawClient.TEXT, Arrays.copyOfRange(utf8, 0, FRAGMENT));
            client.send(false, RawClient.CONTINUATION, Arrays.copyOfRange(utf8, FRAGMENT, 2 * FRAGMENT));
            client.send(true, RawClient.CONTINUATION, Arrays.copyOfRange(utf8, 2 * FRAGMENT, 3 * FRAGMENT));
            client.text("end"); // a later message: once it is in, every part of the first one was handled

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).isInstanceOf(Frame.Text.class);
            String got = ((Frame.Text) seen.get(0)).text();
            assertThat(got.getBytes(StandardCharsets.UTF_8)).hasSize(3 * FRAGMENT).isEqualTo(utf8);
            assertThat(got).isEqualTo(expected);
            assertThat(seen.get(1)).isEqualTo(Frame.text("end"));
            assertThat(handler.recorder.events.get(handler.recorder.onlyConnection()))
                    .containsExactly("init", "in", "in");
            assertThat(handler.recorder.overlaps).hasValue(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S9 three binary fragments arrive as one whole, byte-exact handleIn")
    void s9_fragmentedBinary(TestServer.Kind kind) throws Exception {
        byte[] data = new byte[3 * FRAGMENT];
        new Random(9).nextBytes(data);

        List<Frame.Data> seen = new CopyOnWriteArrayList<>();
        Scripted handler = new Scripted().in((f, s) -> {
            seen.add(f);
            return Result.ok(s);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s9", handler, WebSockOptions.DEFAULTS)));
             RawClient client = RawClient.connect(server.uri("/s9"))) {
            client.send(false, RawClient.BINARY, Arrays.copyOfRange(data, 0, FRAGMENT));
            client.send(false, RawClient.CONTINUATION, Arrays.copyOfRange(data, FRAGMENT, 2 * FRAGMENT));
            client.send(true, RawClient.CONTINUATION, Arrays.copyOfRange(data, 2 * FRAGMENT, 3 * FRAGMENT));
            client.send(true, RawClient.BINARY, new byte[]{42});

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).isInstanceOf(Frame.Binary.class);
            assertThat(((Frame.Binary) seen.get(0)).bytes()).isEqualTo(data);
            assertThat(((Frame.Binary) seen.get(1)).bytes()).containsExactly(42);
            assertThat(handler.recorder.events.get(handler.recorder.onlyConnection()))
                    .containsExactly("init", "in", "in");
        }
    }

    /**
     * 30 000 bytes of UTF-8 mixing 1-, 2-, 3- and 4-byte characters, laid out so that the bytes at
     * 10 000 and 20 000 are the last byte of a 4-byte character (the first three are in the fragment before).
     */
    static byte[] multiByteText() {
        StringBuilder s = new StringBuilder("xyz"); // 3 bytes, then a 10-byte pattern: a € 😀 é
        for (int i = 0; i < 2999; i++) {
            s.append("a\u20ac\uD83D\uDE00\u00e9");
        }
        s.append("a\u20ac\u20ac"); // 7 bytes: 30 000 in all
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(3 * FRAGMENT);
        return bytes;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
