package io.websock.jakarta;

import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §2.5, inbound: a connection whose callbacks fall behind holds the container's read for that connection
 * instead of queueing frames without bound. The connection's process is kept busy on the executor by a
 * {@code handleInfo} held on a latch (a slow callback: a database call, say) while a raw-socket client writes
 * 64 KiB binary frames as fast as it can. The container's read thread queues inbound messages and parks as soon
 * as more than {@link ConnectionProcess#INBOUND_HIGH_WATER} wait, so at most the mark plus the message it has
 * just queued are ever pending, and the client's writes stop — its socket send buffer and the server's receive
 * buffer fill. Once the callback goes on, {@code handleIn} works through the frames on the executor while the
 * read resumes and parks again at the mark, until every frame has arrived, in order.
 *
 * <p>(A {@code handleIn} that itself blocks would not show this: when the process is idle the read thread runs
 * {@code handleIn} inline, so blocking there holds the read by itself.)
 */
class InboundBackPressureTest {

    private static final int FRAME = 64 * 1024;
    /** 64 MiB: many times what the loopback TCP buffers of both ends can hold. */
    private static final int FRAMES = 1024;
    private static final Pattern PENDING = Pattern.compile("mailbox=(\\d+) .*pendingInbound=(\\d+)");

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("§2.5 inbound back-pressure: while callbacks are behind, pending inbound stays at the high-water mark and the client's writes block")
    void slowCallbacksBackUpTheClient(TestServer.Kind kind) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<ConnectionProcess<?>> process = new AtomicReference<>();
        AtomicInteger handled = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger held = new AtomicInteger();
        Scripted slow = new Scripted()
                .init(c -> {
                    process.set((ConnectionProcess<?>) c);
                    return Result.ok(0);
                })
                .info((message, s) -> {
                    held.incrementAndGet();
                    try {
                        // The slow callback: held until the test lets it go.
                        assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return Result.ok(s);
                })
                .in((frame, s) -> {
                    byte[] bytes = new byte[FRAME];
                    ((io.websock.Frame.Binary) frame).data().duplicate().get(bytes);
                    if (bytes[0] != (byte) handled.get()) {
                        outOfOrder.incrementAndGet();
                    }
                    handled.incrementAndGet();
                    return Result.ok(s);
                });
        WebSockOptions options = WebSockOptions.builder().timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/slow", slow, options)));
             RawClient client = RawClient.connect(server.uri("/slow"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> process.get() != null);
            assertThat(process.get().send("hold")).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1); // busy on the executor now
            AtomicInteger maxPending = new AtomicInteger();
            AtomicInteger maxWaiting = new AtomicInteger();
            AtomicLong written = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Matcher m = PENDING.matcher(process.get().diagnostics());
                    if (m.find()) {
                        maxWaiting.accumulateAndGet(Integer.parseInt(m.group(1)), Math::max);
                        maxPending.accumulateAndGet(Integer.parseInt(m.group(2)), Math::max);
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
            }, "pending-sampler");
            sampler.setDaemon(true);
            sampler.start();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < FRAMES; i++) {
                        byte[] payload = new byte[FRAME];
                        payload[0] = (byte) i;
                        client.send(true, RawClient.BINARY, payload);
                        written.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                // The client's writes back up: the count of frames written stops growing long before the end.
                long[] previous = {-1};
                await("the client's writes to block").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            long now = written.get();
                            boolean stalled = now == previous[0];
                            previous[0] = now;
                            return stalled;
                        });
                long stalledAt = written.get();
                await("the writes to stay blocked").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> written.get() == stalledAt && !writer.isDone());
                assertThat(stalledAt).as("frames written before the client's socket blocked").isLessThan(FRAMES / 2);
                assertThat(handled).hasValue(0);
                String diagnostics = process.get().diagnostics();
                assertThat(maxPending.get())
                        .as("pending inbound messages: the high-water mark plus the one the parked read thread queued (%s)", diagnostics)
                        .isLessThanOrEqualTo(ConnectionProcess.INBOUND_HIGH_WATER + 1);
                assertThat(maxWaiting.get()).as("events waiting in the mailbox (%s)", diagnostics)
                        .isLessThanOrEqualTo(ConnectionProcess.INBOUND_HIGH_WATER + 1);
            } finally {
                release.countDown();
            }
            // Once the handler goes on, the held read resumes and every frame arrives, in order.
            writer.get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() == FRAMES);
            sampler.interrupt();
            sampler.join(5_000);
            assertThat(outOfOrder).hasValue(0);
            assertThat(maxPending.get()).as("pending inbound while draining").isLessThanOrEqualTo(ConnectionProcess.INBOUND_HIGH_WATER + 1);
            assertThat(slow.recorder.overlaps).hasValue(0);
        }
    }
}
