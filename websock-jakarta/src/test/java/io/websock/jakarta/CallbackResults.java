package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;

import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared check of S4 and S5: trigger a callback, then compare the client's view and terminate's. */
final class CallbackResults {

    private CallbackResults() {
    }

    static void check(TestServer server, ResultForms.FormHandler handler, String callback, ResultForms.Form form,
                      Consumer<WsClient> trigger) {
        try (WsClient client = WsClient.connect(server.uri("/" + callback + "/" + form.name()))) {
            String key = callback + "/" + form.name();
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.byPath.containsKey(key)
                    && handler.byPath.get(key).handshake() != null);
            Connection connection = handler.byPath.get(key);
            trigger.accept(client);
            for (WsClient.Received expected : form.seen()) {
                ResultForms.assertSeen(client.next(), expected);
            }
            if (form.stops()) {
                CloseReason reason = handler.recorder.awaitTermination(connection.id());
                assertThat(reason).isEqualTo(form.terminate());
                assertThat(connection.isOpen()).isFalse();
                assertThat(connection.send("late")).isFalse();
            } else {
                // Still up and still in order: an echo comes back after the form's frames.
                client.text("probe");
                WsClient.Received next = client.next();
                while (next instanceof WsClient.Pong || next instanceof WsClient.Ping) {
                    next = client.next(); // answers to pings we pushed may interleave
                }
                assertThat(next).isEqualTo(new WsClient.Text("probe"));
                assertThat(handler.recorder.terminations).doesNotContainKey(connection.id());
            }
            assertThat(handler.recorder.overlaps).hasValue(0);
        }
    }
}
