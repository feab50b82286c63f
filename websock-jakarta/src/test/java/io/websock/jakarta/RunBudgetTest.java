package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §2.4, "a busy or slow connection never holds up another": a run of a connection's mailbox handles a fixed
 * budget of events ({@code ConnectionProcess.RUN_BUDGET}) and then passes the rest back to the executor, so one
 * connection with a long backlog cannot keep a thread. Two connections share a single-thread executor; A gets a
 * flood of info messages, then B gets one, all while the only thread is held; once it is free, B's message is
 * handled while A still has most of its flood queued.
 */
class RunBudgetTest {

    /** Far more than one run's budget, well under the mailbox limit. */
    private static final int FLOOD = 5_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("§2.4 run budget: a flood to connection A does not keep B's info message waiting on a shared single-thread executor")
    void floodedConnectionDoesNotKeepTheThread(TestServer.Kind kind) throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        AtomicInteger handledA = new AtomicInteger();
        AtomicInteger aWhenB = new AtomicInteger(-1);
        Scripted a = new Scripted().info((m, s) -> {
            handledA.incrementAndGet();
            return Result.ok(s);
        });
        Scripted b = new Scripted().info((m, s) -> {
            aWhenB.set(handledA.get());
            return Result.ok(s);
        });
        WebSockOptions options = WebSockOptions.builder().executor(single)
                .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build(); // no heartbeat events: only the messages run
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/a", a, options));
            c.addEndpoint(ws.endpoint("/b", b, options));
        });
             WsClient clientA = WsClient.connect(server.uri("/a"));
             WsClient clientB = WsClient.connect(server.uri("/b"))) {
            Connection connA = a.recorder.opened.get(a.recorder.onlyConnection());
            Connection connB = b.recorder.opened.get(b.recorder.onlyConnection());

            CountDownLatch gate = new CountDownLatch(1);
            single.execute(() -> {
                try {
                    gate.await(30, TimeUnit.SECONDS); // hold the only thread while both mailboxes fill
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < FLOOD; i++) {
                assertThat(connA.send(i)).isTrue();
            }
            assertThat(connB.send("b")).isTrue();
            assertThat(handledA).hasValue(0);
            gate.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> aWhenB.get() >= 0);
            assertThat(aWhenB.get()).as("A's messages handled before B's one (A's run must give the thread back)")
                    .isLessThan(FLOOD / 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> handledA.get() == FLOOD); // and A loses nothing
            assertThat(a.recorder.overlaps).hasValue(0);
        } finally {
            single.shutdownNow();
        }
    }
}
