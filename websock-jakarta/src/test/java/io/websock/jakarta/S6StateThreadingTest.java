package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

class S6StateThreadingTest {

    /** Commands shared by handleIn and handleInfo: each adds one to the count, through a different result form. */
    private static final BiFunction<String, Object, Result<Object>> COUNTER = (command, state) -> {
        int next = (Integer) state + 1;
        return switch (command) {
            case "ok" -> Result.ok(next);
            case "push" -> Result.push(Frame.text("n=" + next), next);
            case "reply" -> Result.reply("ok", java.util.List.of(Frame.text("n=" + next)), next);
            default -> throw new IllegalArgumentException(command);
        };
    };

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S6 state threads through handleIn and handleInfo across ok, push and reply")
    void s6_stateThreading(TestServer.Kind kind) throws Exception {
        AtomicReference<Connection> connection = new AtomicReference<>();
        Scripted handler = new Scripted()
                .init(c -> {
                    connection.set(c);
                    return Result.ok(0);
                })
                .in((f, s) -> COUNTER.apply(((Frame.Text) f).text(), s))
                .info((m, s) -> COUNTER.apply((String) m, s));
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            handler.recorder.onlyConnection();
            client.text("ok");                       // 1 (in, ok)
            client.text("push");                     // 2 (in, push)
            assertThat(client.nextText()).isEqualTo("n=2");
            connection.get().send("ok");             // 3 (info, ok)
            connection.get().send("reply");          // 4 (info, reply)
            assertThat(client.nextText()).isEqualTo("n=4");
            client.text("reply");                    // 5 (in, reply)
            assertThat(client.nextText()).isEqualTo("n=5");
            connection.get().send("push");           // 6 (info, push)
            assertThat(client.nextText()).isEqualTo("n=6");
            for (int i = 0; i < 50; i++) {           // interleaved from two threads: every step counted once
                client.text("ok");
                connection.get().send("ok");
            }
            client.text("push");
            assertThat(client.nextText()).isEqualTo("n=107");
            assertThat(handler.recorder.overlaps).hasValue(0);
        }
    }
}
