package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Fault;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S11: a whole message over {@code maxMessageSize} — in one frame or as fragments whose sum is over —
 * ends the connection with close 1009 and {@code terminate(Error(MESSAGE_TOO_BIG))} exactly once,
 * without {@code handleIn} seeing it; a message of exactly {@code maxMessageSize} bytes is accepted.
 */
class S11MessageTooBigTest {

    private static final int MAX = 1000;
    private static final WebSockOptions OPTIONS = WebSockOptions.builder().maxMessageSize(MAX).build();

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 a text or binary message of exactly maxMessageSize bytes is accepted")
    void s11_exactlyMaxIsAccepted(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = start(kind, echo);
             WsClient client = WsClient.connect(server.uri("/s11"))) {
            String text = S10PayloadSizesTest.text(MAX);
            assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(MAX);
            client.text(text);
            assertThat(client.nextText()).isEqualTo(text);
            byte[] data = bytes(MAX);
            client.binary(data);
            assertThat(client.nextBinary()).isEqualTo(data);
            String id = echo.recorder.onlyConnection();
            assertThat(echo.recorder.terminations).doesNotContainKey(id);
            assertThat(echo.recorder.opened.get(id).isOpen()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 exactly maxMessageSize bytes in fragments (split inside UTF-8 characters) is accepted")
    void s11_exactlyMaxInFragmentsIsAccepted(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        byte[] utf8 = S10PayloadSizesTest.text(MAX).getBytes(StandardCharsets.UTF_8);
        byte[] data = bytes(MAX);
        // the fragment boundaries (see sendInThree) fall inside a 3-byte and a 4-byte character
        assertThat(utf8[MAX / 3 + 1] & 0xC0).isEqualTo(0x80);
        assertThat(utf8[2 * MAX / 3 + 1] & 0xC0).isEqualTo(0x80);
        try (TestServer server = start(kind, echo);
             RawClient client = RawClient.connect(server.uri("/s11"))) {
            sendInThree(client, RawClient.TEXT, utf8);
            RawClient.Frame text = client.read();
            assertThat(text.opcode()).isEqualTo(RawClient.TEXT);
            assertThat(text.payload()).isEqualTo(utf8);
            sendInThree(client, RawClient.BINARY, data);
            RawClient.Frame binary = client.read();
            assertThat(binary.opcode()).isEqualTo(RawClient.BINARY);
            assertThat(binary.payload()).isEqualTo(data);
            String id = echo.recorder.onlyConnection();
            assertThat(echo.recorder.terminations).doesNotContainKey(id);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 a single text frame over maxMessageSize → close 1009, terminate(Error(MESSAGE_TOO_BIG)) once")
    void s11_singleTextFrameTooBig(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = start(kind, echo);
             WsClient client = WsClient.connect(server.uri("/s11"))) {
            client.text(S10PayloadSizesTest.text(MAX + 1));
            assertTooBig(echo, client.awaitClose(WsClient.WAIT).code());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 a single binary frame over maxMessageSize → close 1009, terminate(Error(MESSAGE_TOO_BIG)) once")
    void s11_singleBinaryFrameTooBig(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = start(kind, echo);
             WsClient client = WsClient.connect(server.uri("/s11"))) {
            client.binary(bytes(MAX + 1));
            assertTooBig(echo, client.awaitClose(WsClient.WAIT).code());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 text fragments each under but together over maxMessageSize → close 1009, terminate(Error) once")
    void s11_fragmentedTextTooBig(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = start(kind, echo);
             RawClient client = RawClient.connect(server.uri("/s11"))) {
            sendInThree(client, RawClient.TEXT, S10PayloadSizesTest.text(3 * 400).getBytes(StandardCharsets.UTF_8));
            assertTooBig(echo, client.readUntilClose().closeCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 binary fragments each under but together over maxMessageSize → close 1009, terminate(Error) once")
    void s11_fragmentedBinaryTooBig(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = start(kind, echo);
             RawClient client = RawClient.connect(server.uri("/s11"))) {
            sendInThree(client, RawClient.BINARY, bytes(3 * 400));
            assertTooBig(echo, client.readUntilClose().closeCode());
        }
    }

    /**
     * A single 5 MiB frame under a 16 MiB {@code maxMessageSize}. Tomcat hands it over in parts and it is
     * echoed; standalone Tyrus refuses any frame larger than its incoming buffer (4 MiB by default, a
     * container setting the bridge cannot change) with its own close 1011 "Buffer overflow.", which it reports
     * like a peer's close; the bridge maps it to {@code Error(MESSAGE_TOO_BIG)}, the local limit it is.
     * Documented in docs/decisions.md ("Tyrus: frames over its incoming buffer") and README's container table.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 a 5 MiB frame under a 16 MiB maxMessageSize: echoed on Tomcat; over Tyrus's default frame buffer: Tyrus's close 1011, terminate(Error(MESSAGE_TOO_BIG))")
    void s11_frameOverContainerBuffer(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        WebSockOptions large = WebSockOptions.builder().maxMessageSize(16 << 20).build();
        byte[] data = bytes(5 << 20);
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/big", echo, large)));
             WsClient client = WsClient.connect(server.uri("/big"))) {
            client.binary(data);
            String id = echo.recorder.onlyConnection();
            if (kind == TestServer.Kind.TOMCAT) {
                assertThat(client.nextBinary()).isEqualTo(data);
                assertThat(echo.recorder.terminations).doesNotContainKey(id);
            } else {
                assertThat(client.nextClose()).isEqualTo(new WsClient.Close(1011, "Buffer overflow."));
                assertThat(echo.recorder.awaitTermination(id)).as("a local size limit, not the peer's close")
                        .isEqualTo(new CloseReason.Error(Fault.MESSAGE_TOO_BIG));
                assertThat(echo.recorder.events.get(id)).doesNotContain("in");
            }
        }
    }

    /**
     * A frame header that declares 2^31 bytes under a 1000-byte {@code maxMessageSize}, followed by 10 000
     * payload bytes and then nothing. JSR-356 shows no frame header, so the declared length cannot be refused
     * on arrival. Tomcat hands a partial frame over whenever its 8 KiB message buffer is full, and the bridge
     * refuses with 1009 as soon as more than the limit has been handed over (with fewer than 8 KiB sent,
     * nothing happens until the idle timeout: seen with 2000 bytes). Tyrus buffers a frame whole (up to its 4 MiB incoming buffer) before the bridge
     * sees any of it, so nothing happens until either more than 4 MiB arrive (S11 frame over the container
     * buffer) or the idle timeout ends the connection (here 2 s): README "Limits".
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S11 a frame header declaring 2^31 bytes over a 1000-byte limit: 1009 once the limit is passed (Tomcat); idle timeout while Tyrus buffers it")
    void s11_declaredLengthOverLimit(TestServer.Kind kind) throws Exception {
        Scripted echo = new Scripted();
        WebSockOptions options = WebSockOptions.builder().maxMessageSize(1000).timeout(Duration.ofSeconds(2))
                .pingInterval(Duration.ZERO).build();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s11", echo, options)))) {
            // The idle timer starts when the connection opens: measured from before the upgrade, the elapsed time
            // is an upper bound of the connection's age, so the idle timeout's lower bound holds however slow the
            // machine is between the open and the first byte.
            long start = System.nanoTime();
            try (RawClient client = RawClient.connect(server.uri("/s11"))) {
                String id = echo.recorder.onlyConnection();
                long sent = System.nanoTime();
                client.sendHeader(RawClient.BINARY, 1L << 31).sendPayload(new byte[10_000]);
                RawClient.Frame close = client.readUntilClose();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (kind == TestServer.Kind.TOMCAT) {
                    assertThat(close.closeCode()).isEqualTo(1009);
                    assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("refused once the limit was passed, not at the idle timeout")
                            .isLessThan(Duration.ofSeconds(1));
                    assertThat(echo.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.MESSAGE_TOO_BIG));
                } else {
                    assertThat(close.closeCode()).isEqualTo(1000);
                    assertThat(close.text().substring(2)).isEqualTo("idle timeout");
                    assertThat(elapsed).as("ended by the 2 s idle timeout").isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
                    assertThat(echo.recorder.awaitTermination(id)).isEqualTo(CloseReason.TIMEOUT);
                }
            }
        }
    }

    private static TestServer start(TestServer.Kind kind, Scripted handler) throws Exception {
        return TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s11", handler, OPTIONS)));
    }

    private static void assertTooBig(Scripted handler, int closeCode) {
        assertThat(closeCode).isEqualTo(1009);
        String id = handler.recorder.onlyConnection();
        assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.MESSAGE_TOO_BIG));
        // terminate stays at exactly one (the container's own close report must not add a second)
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> handler.recorder.terminations.get(id).size() == 1);
        assertThat(handler.recorder.events.get(id)).containsExactly("init", "terminate:" + new CloseReason.Error(Fault.MESSAGE_TOO_BIG));
        assertThat(handler.recorder.callbacksAfterTerminate).hasValue(0);
    }

    /** Sends {@code payload} as three data frames: first (opcode), continuation, final continuation. */
    static void sendInThree(RawClient client, int opcode, byte[] payload) throws Exception {
        int a = payload.length / 3 + 1;
        int b = 2 * payload.length / 3 + 1;
        client.send(false, opcode, Arrays.copyOfRange(payload, 0, a));
        client.send(false, RawClient.CONTINUATION, Arrays.copyOfRange(payload, a, b));
        client.send(true, RawClient.CONTINUATION, Arrays.copyOfRange(payload, b, payload.length));
    }

    private static byte[] bytes(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        return data;
    }
}
