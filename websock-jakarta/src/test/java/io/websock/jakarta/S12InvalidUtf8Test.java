package io.websock.jakarta;

import io.websock.CloseReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.websock.WebSockOptions;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S12: a text message that is not valid UTF-8 (found by the container) ends the connection with close
 * 1007 and {@code terminate(Error(…))} exactly once; {@code handleIn} never sees it.
 */
class S12InvalidUtf8Test {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S12 bytes C3 28 (bad continuation) in a text frame → close 1007, terminate(Error) once")
    void s12_badContinuation(TestServer.Kind kind) throws Exception {
        check(kind, new byte[]{'o', 'k', (byte) 0xC3, 0x28}, false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S12 byte FF (never valid in UTF-8) in a text frame → close 1007, terminate(Error) once")
    void s12_invalidByte(TestServer.Kind kind) throws Exception {
        check(kind, new byte[]{'o', 'k', (byte) 0xFF}, false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S12 a text message ending inside a UTF-8 character (E2 82) → close 1007, terminate(Error) once")
    void s12_truncatedCharacter(TestServer.Kind kind) throws Exception {
        check(kind, new byte[]{'o', 'k', (byte) 0xE2, (byte) 0x82}, false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S12 invalid UTF-8 in the middle fragment of a fragmented text message → close 1007, terminate(Error) once")
    void s12_invalidInFragment(TestServer.Kind kind) throws Exception {
        check(kind, new byte[]{'o', 'k', (byte) 0xFF}, true);
    }

    private static void check(TestServer.Kind kind, byte[] bad, boolean fragmented) throws Exception {
        Scripted echo = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s12", echo, WebSockOptions.DEFAULTS)));
             RawClient client = RawClient.connect(server.uri("/s12"))) {
            client.text("fine");
            assertThat(client.read().text()).isEqualTo("fine");
            if (fragmented) {
                client.send(false, RawClient.TEXT, "first ".getBytes());
                client.send(false, RawClient.CONTINUATION, bad);
                client.send(true, RawClient.CONTINUATION, " last".getBytes());
            } else {
                client.send(true, RawClient.TEXT, bad);
            }
            RawClient.Frame close = client.readUntilClose();
            assertThat(close.closeCode()).as("close frame from %s", kind).isEqualTo(1007);

            String id = echo.recorder.onlyConnection();
            CloseReason reason = echo.recorder.awaitTermination(id);
            assertThat(reason).isInstanceOf(CloseReason.Error.class);
            // the container's own report, kept as the cause: a Throwable naming the close code
            assertThat(((CloseReason.Error) reason).cause()).isInstanceOf(Throwable.class);
            assertThat(((Throwable) ((CloseReason.Error) reason).cause()).getMessage()).contains("1007");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> echo.recorder.terminations.get(id).size() == 1);
            assertThat(echo.recorder.events.get(id)).containsExactly("init", "in", "terminate:" + reason);
            assertThat(echo.recorder.callbacksAfterTerminate).hasValue(0);
        }
    }
}
