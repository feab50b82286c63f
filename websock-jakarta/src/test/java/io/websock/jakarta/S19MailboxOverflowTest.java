package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Fault;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S19: more than {@code mailboxLimit} pending info messages end the connection with 1013 and
 * {@code terminate(Error(MAILBOX_OVERFLOW))}; the overflowing send and every later one return false, and
 * the pending messages are dropped, never delivered.
 */
class S19MailboxOverflowTest {

    private static final int LIMIT = 10;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S19 mailbox overflow closes with 1013, terminate(Error(MAILBOX_OVERFLOW)), pending messages dropped")
    void s19_mailboxOverflow(TestServer.Kind kind) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Scripted handler = new Scripted().info((m, s) -> {
            if ("block".equals(m)) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Result.ok(s);
        });
        WebSockOptions options = WebSockOptions.builder().mailboxLimit(LIMIT).build();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/m", handler, options)));
             WsClient client = WsClient.connect(server.uri("/m"))) {
            String id = handler.recorder.onlyConnection();
            Connection conn = handler.recorder.opened.get(id);

            assertThat(conn.send("block")).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> handler.recorder.events.get(id).contains("info:block"));

            // Another thread fills the mailbox while handleInfo is busy: LIMIT fit, the next overflows.
            List<Boolean> accepted = CompletableFuture.supplyAsync(() -> {
                List<Boolean> results = new ArrayList<>();
                for (int i = 1; i <= LIMIT + 5; i++) {
                    results.add(conn.send("m" + i));
                }
                return results;
            }).get(10, TimeUnit.SECONDS);
            List<Boolean> expected = new ArrayList<>();
            for (int i = 1; i <= LIMIT + 5; i++) {
                expected.add(i <= LIMIT);
            }
            assertThat(accepted).as("send results for m1..m%d", LIMIT + 5).isEqualTo(expected);
            assertThat(conn.isOpen()).isFalse();

            release.countDown();
            assertThat(client.awaitClose(WsClient.WAIT)).isEqualTo(new WsClient.Close(1013, "mailbox overflow"));
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Error(Fault.MAILBOX_OVERFLOW));
            assertThat(conn.send("late")).isFalse();

            // None of the pending messages is delivered, before or after terminate.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> handler.recorder.callbacksAfterTerminate.get() == 0);
            assertThat(handler.recorder.events.get(id)).containsExactly("init", "info:block",
                    "terminate:" + new CloseReason.Error(Fault.MAILBOX_OVERFLOW));
            assertThat(handler.recorder.overlaps).hasValue(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().connectionCount() == 0);
        }
    }
}
