package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S10: text and binary messages of 2 B, 10 000 B and 1 000 000 B are echoed intact with the default
 * {@code maxMessageSize} (1 MiB), through a real client.
 */
class S10PayloadSizesTest {

    private static final int[] SIZES = {2, 10_000, 1_000_000};

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S10 text of 2 B, 10 000 B and 1 000 000 B (multi-byte UTF-8 included) is echoed intact")
    void s10_textSizes(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s10", echo, WebSockOptions.DEFAULTS)));
             WsClient client = WsClient.connect(server.uri("/s10"))) {
            for (int size : SIZES) {
                String text = text(size);
                assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(size);
                client.text(text);
                String back = client.nextText();
                assertThat(back.length()).as("chars echoed for %d bytes", size).isEqualTo(text.length());
                assertThat(back).as("text of %d bytes", size).isEqualTo(text);
            }
            client.sendClose(1000, "");
            String id = echo.recorder.onlyConnection();
            assertThat(echo.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Remote(1000, ""));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S10 binary of 2 B, 10 000 B and 1 000 000 B is echoed intact")
    void s10_binarySizes(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s10", echo, WebSockOptions.DEFAULTS)));
             WsClient client = WsClient.connect(server.uri("/s10"))) {
            Random random = new Random(10);
            for (int size : SIZES) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                client.binary(data);
                byte[] back = client.nextBinary();
                assertThat(back.length).as("bytes echoed").isEqualTo(size);
                assertThat(back).as("binary of %d bytes", size).isEqualTo(data);
            }
            client.sendClose(1000, "");
            String id = echo.recorder.onlyConnection();
            assertThat(echo.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Remote(1000, ""));
        }
    }

    /** Exactly {@code bytes} bytes of UTF-8: 1-, 2-, 3- and 4-byte characters, then ASCII to fill up. */
    static String text(int bytes) {
        StringBuilder s = new StringBuilder(bytes);
        int n = 0;
        String[] cycle = {"a", "\u00e9", "\u20ac", "\uD83D\uDE00"}; // 1, 2, 3, 4 bytes
        int i = 0;
        while (bytes - n >= 10) {
            String c = cycle[i++ % cycle.length];
            s.append(c);
            n += c.getBytes(StandardCharsets.UTF_8).length;
        }
        while (n < bytes) {
            s.append((char) ('a' + n % 26));
            n++;
        }
        return s.toString();
    }
}
