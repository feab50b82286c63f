package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S6: the state returned by one callback is the state the next one sees, whichever of {@code handleIn}
 * and {@code handleInfo} runs and whichever result form (ok, push, reply) carried it.
 *
 * <p>The state is a counter every call increments; the message names the result form to answer with,
 * and pushed frames report the count, so a lost or stale state shows up as a wrong number.
 */
class S6StateThreadingTest {

    private static Result<Object> step(String source, String command, Object state) {
        int n = (Integer) state + 1;
        return switch (command) {
            case "ok" -> Result.ok(n);
            case "push" -> Result.push(Frame.text(source + ":" + n), n);
            case "reply" -> Result.reply("ignored term", List.of(Frame.text(source + " reply:" + n),
                    Frame.text(source + " reply again:" + n)), n);
            case "stop" -> Result.stop(StopReason.NORMAL, CloseDetail.of(4000, "count " + n), n);
            default -> throw new IllegalArgumentException("unknown command " + command);
        };
    }

    private static Scripted counter() {
        return new Scripted()
                .init(c -> Result.ok(0))
                .in((frame, s) -> step("in", ((Frame.Text) frame).text(), s))
                .info((message, s) -> step("info", (String) message, s));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S6 state threads through interleaved handleIn and handleInfo calls returning ok, push and reply")
    void s6_stateThreadsThroughInAndInfo(TestServer.Kind kind) throws Exception {
        Scripted handler = counter();
        try (TestServer server = TestServer.start(kind, (ws, c) ->
                c.addEndpoint(ws.endpoint("/count", handler, WebSockOptions.DEFAULTS)));
             WsClient client = WsClient.connect(server.uri("/count"))) {
            Recorder recorder = handler.recorder;
            String id = recorder.onlyConnection();
            Connection connection = recorder.opened.get(id);

            client.text("push");
            assertThat(client.nextText()).isEqualTo("in:1");
            connection.send("push");
            assertThat(client.nextText()).isEqualTo("info:2");

            client.text("ok");
            awaitCallbacks(recorder, id, 3); // ok answers nothing: wait until it ran before the next sender goes
            connection.send("ok");
            awaitCallbacks(recorder, id, 4);

            connection.send("reply");
            assertThat(client.nextText()).isEqualTo("info reply:5");
            assertThat(client.nextText()).isEqualTo("info reply again:5");
            client.text("reply");
            assertThat(client.nextText()).isEqualTo("in reply:6");
            assertThat(client.nextText()).isEqualTo("in reply again:6");

            connection.send("ok");
            awaitCallbacks(recorder, id, 7);
            client.text("ok");
            awaitCallbacks(recorder, id, 8);
            connection.send("push");
            assertThat(client.nextText()).isEqualTo("info:9");
            client.text("push");
            assertThat(client.nextText()).isEqualTo("in:10");

            client.text("stop");
            assertThat(client.nextClose()).isEqualTo(new WsClient.Close(4000, "count 11"));
            assertThat(recorder.awaitTermination(id)).isEqualTo(CloseReason.NORMAL);
            assertThat(recorder.events.get(id)).containsExactly("init", "in", "info:push", "in", "info:ok",
                    "info:reply", "in", "info:ok", "in", "info:push", "in", "in", "terminate:" + CloseReason.NORMAL);
            assertThat(recorder.overlaps).hasValue(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S6 with frames and info messages from two threads arriving at once, every call sees the previous call's state")
    void s6_concurrentSendersSeeEveryUpdate(TestServer.Kind kind) throws Exception {
        int perSender = 100;
        Scripted handler = counter();
        try (TestServer server = TestServer.start(kind, (ws, c) ->
                c.addEndpoint(ws.endpoint("/count", handler, WebSockOptions.DEFAULTS)));
             WsClient client = WsClient.connect(server.uri("/count"))) {
            String id = handler.recorder.onlyConnection();
            Connection connection = handler.recorder.opened.get(id);

            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                senders.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perSender; i++) {
                        assertThat(connection.send("push")).isTrue();
                    }
                }));
            }
            for (int i = 0; i < perSender; i++) {
                client.text("push");
            }
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).join();

            List<Integer> counts = new ArrayList<>();
            int fromClient = 0;
            for (int i = 0; i < 3 * perSender; i++) {
                String[] frame = client.nextText().split(":");
                counts.add(Integer.parseInt(frame[1]));
                fromClient += frame[0].equals("in") ? 1 : 0;
            }
            // Each call counted on the state of the one before, and its push went out before the next call's.
            assertThat(counts).containsExactlyElementsOf(IntStream.rangeClosed(1, 3 * perSender).boxed().toList());
            assertThat(fromClient).isEqualTo(perSender);
            assertThat(handler.recorder.overlaps).hasValue(0);
        }
    }

    private static void awaitCallbacks(Recorder recorder, String id, int handled) {
        // events holds "init" plus one entry per handleIn / handleInfo call
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.get(id).size() == handled + 1);
    }
}
