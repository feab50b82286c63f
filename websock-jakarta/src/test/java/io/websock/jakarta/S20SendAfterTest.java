package io.websock.jakarta;

import io.websock.Cancellable;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S20: {@code sendAfter} fires once after its delay; cancelled timers never fire; none fire after
 * {@code terminate}, and the connection's timers leave the shared timer queue when it ends.
 */
class S20SendAfterTest {

    /** No heartbeat: the shared timer then holds only the timers a test creates. */
    private static final WebSockOptions NO_HEARTBEAT = WebSockOptions.builder()
            .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();

    /** Info messages as handleInfo saw them, with the time they arrived. */
    private static final class Deliveries {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final Map<String, Long> at = new ConcurrentHashMap<>();

        Result<Object> record(Object message, Object state) {
            messages.add(message.toString());
            at.putIfAbsent(message.toString(), System.nanoTime());
            return Result.ok(state);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S20 sendAfter fires exactly once, not before its delay")
    void s20_firesOnceAfterDelay(TestServer.Kind kind) throws Exception {
        Deliveries seen = new Deliveries();
        Scripted handler = new Scripted().info(seen::record);
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/t", handler, NO_HEARTBEAT)));
             WsClient client = WsClient.connect(server.uri("/t"))) {
            Connection conn = handler.recorder.opened.get(handler.recorder.onlyConnection());
            Duration delay = Duration.ofMillis(300);

            long t0 = System.nanoTime();
            Cancellable timer = conn.sendAfter("tick", delay);
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.messages.contains("tick"));

            assertThat(Duration.ofNanos(seen.at.get("tick") - t0)).isGreaterThanOrEqualTo(delay);
            // Fires once: no second delivery for a while after the first.
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> seen.messages.equals(List.of("tick")));
            assertThat(timer.cancel()).as("cancel after delivery").isFalse();
            assertThat(server.websock().pendingTimers()).isZero();
            assertThat(handler.recorder.overlaps).hasValue(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S20 a cancelled sendAfter never fires, while a later timer does")
    void s20_cancelledNeverFires(TestServer.Kind kind) throws Exception {
        Deliveries seen = new Deliveries();
        Scripted handler = new Scripted().info(seen::record);
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/t", handler, NO_HEARTBEAT)));
             WsClient client = WsClient.connect(server.uri("/t"))) {
            Connection conn = handler.recorder.opened.get(handler.recorder.onlyConnection());

            Cancellable cancelled = conn.sendAfter("cancelled", Duration.ofMillis(200));
            Cancellable later = conn.sendAfter("later", Duration.ofMillis(500));
            assertThat(cancelled.cancel()).as("first cancel of a pending timer").isTrue();
            assertThat(cancelled.cancel()).as("second cancel").isFalse();

            await().atMost(Duration.ofSeconds(5)).until(() -> seen.messages.contains("later"));
            assertThat(seen.messages).containsExactly("later");
            assertThat(later.cancel()).as("cancel after the timer fired and was delivered").isFalse();
            assertThat(server.websock().pendingTimers()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S20 a timer cancelled after it fired but before delivery is never delivered")
    void s20_cancelledWhileQueued(TestServer.Kind kind) throws Exception {
        Deliveries seen = new Deliveries();
        CountDownLatch release = new CountDownLatch(1);
        Scripted handler = new Scripted().info((m, s) -> {
            if ("block".equals(m)) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return seen.record(m, s);
        });
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/t", handler, NO_HEARTBEAT)));
             WsClient client = WsClient.connect(server.uri("/t"))) {
            String id = handler.recorder.onlyConnection();
            Connection conn = handler.recorder.opened.get(id);

            assertThat(conn.send("block")).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> handler.recorder.events.get(id).contains("info:block"));
            Cancellable queued = conn.sendAfter("queued", Duration.ofMillis(50));
            // The timer has fired once it left the timer queue; its message now waits behind "block".
            await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().pendingTimers() == 0);
            assertThat(queued.cancel()).as("cancel of a fired but undelivered timer").isTrue();
            assertThat(conn.send("after")).isTrue();
            release.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> seen.messages.contains("after"));
            assertThat(seen.messages).containsExactly("block", "after");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S20 timers pending at terminate never fire and leave the timer queue")
    void s20_noneFireAfterTerminate(TestServer.Kind kind) throws Exception {
        Deliveries seen = new Deliveries();
        Scripted handler = new Scripted().info(seen::record);
        // Default options: the idle/ping heartbeat is a pending timer too and must go with the connection.
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/t", handler, WebSockOptions.DEFAULTS)))) {
            WsClient client = WsClient.connect(server.uri("/t"));
            String id = handler.recorder.onlyConnection();
            Connection conn = handler.recorder.opened.get(id);

            Cancellable a = conn.sendAfter("a", Duration.ofMillis(1000));
            Cancellable b = conn.sendAfter("b", Duration.ofMillis(1500));
            Cancellable c = conn.sendAfter("c", Duration.ofSeconds(30));
            assertThat(server.websock().pendingTimers()).isGreaterThanOrEqualTo(4); // 3 timers + heartbeat

            client.sendClose(1000, "bye");
            assertThat(handler.recorder.awaitTermination(id)).isEqualTo(new CloseReason.Remote(1000, "bye"));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.websock().pendingTimers() == 0);

            // Well past the first two delays: still nothing delivered, no callback after terminate.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> seen.messages.isEmpty() && handler.recorder.callbacksAfterTerminate.get() == 0);
            assertThat(a.cancel()).as("cancel after the connection ended").isFalse();
            assertThat(b.cancel()).isFalse();
            assertThat(c.cancel()).isFalse();
            assertThat(conn.send("late")).isFalse();
            Cancellable afterEnd = conn.sendAfter("afterEnd", Duration.ZERO);
            assertThat(afterEnd.cancel()).as("a timer made after the end is inert").isFalse();
            assertThat(server.websock().pendingTimers()).isZero();
            assertThat(handler.recorder.events.get(id)).containsExactly("init", "terminate:" + new CloseReason.Remote(1000, "bye"));
            client.close();
        }
    }
}
