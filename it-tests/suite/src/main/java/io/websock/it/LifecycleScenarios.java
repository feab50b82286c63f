package io.websock.it;

import io.websock.test.client.RawWebSocket;
import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How connections end and what bounds them: S15 (idle), S17 (invariants under a storm), S18 (slow consumer), S19 (mailbox). */
interface LifecycleScenarios extends Deployed {

    /** How late an idle close may come after the 1 s timeout of /idle (timer, scheduling and GC on a busy machine). */
    Duration S15_MARGIN = Duration.ofMillis(1500);

    @Test
    @DisplayName("S15 idle client → close 1000 \"idle timeout\" and terminate(Timeout); pushes do not keep it alive; answering auto-pings does")
    default void s15_idleTimeout() {
        String tag = Site.tag("s15");
        long start = System.nanoTime();
        try (WebSockTestClient client = Site.connect(site().ws(Site.logged("/idle", tag)))) {
            client.sendText("after 400 text push 1");
            client.sendText("after 800 text push 2");
            long lastInbound = System.nanoTime();
            Received.Close close = client.awaitClose(Duration.ofSeconds(10));
            Duration idle = Duration.ofNanos(System.nanoTime() - lastInbound);
            // /idle has timeout 1 s: the close comes within that plus a margin for a loaded two-core machine.
            assertThat(idle).as("close %s after the last inbound frame (timeout 1 s)", idle)
                    .isLessThanOrEqualTo(Duration.ofSeconds(1).plus(S15_MARGIN));
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).isEqualTo("idle timeout");
            assertThat(client.received()).as("the pushes went out, yet the connection timed out")
                    .contains(new Received.Text("push 1"), new Received.Text("push 2"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).isEqualTo("Timeout");
        Site.assertInvariants(tag);

        // The JDK client answers pings by itself: with auto-pings every 250 ms it outlives three 1 s timeouts.
        try (WebSockTestClient client = Site.connect(site().ws("/idle-ping"))) {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> !client.isClosed());
            client.sendText("still here");
            assertThat(Stream.generate(client::next).filter(r -> !(r instanceof Received.Ping)).findFirst())
                    .contains(new Received.Text("still here"));
        }
    }

    @Test
    @DisplayName("S17 under a storm of info messages and frames on 24 connections: order kept, no overlapping callbacks, terminate exactly once")
    default void s17_storm() throws Exception {
        int connections = 24;
        int messages = 200;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                String tag = Site.tag("s17-" + c);
                tags.add(tag);
                int ending = c % 3;
                runs.add(pool.submit(() -> {
                    storm(tag, ending, messages);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
            for (String tag : tags) {
                Site.awaitTerminate(tag, Duration.ofSeconds(10));
                Site.assertInvariants(tag);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One connection of the storm: info messages from a server thread interleaved with the client's frames, then an ending. */
    private void storm(String tag, int ending, int messages) throws Exception {
        if (ending == 2) {
            try (RawWebSocket raw = RawWebSocket.connect(site().ws(Site.logged("/script", tag)))) {
                raw.sendText("infos " + messages);
                for (int i = 0; i < messages; i++) {
                    raw.sendText("m" + i);
                }
                raw.drop(); // mid-storm, without a close frame
            }
            assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).isEqualTo("Error(CLOSED)");
            return;
        }
        try (WebSockTestClient client = Site.connect(site().ws(Site.logged("/script", tag)))) {
            client.sendText("infos " + messages);
            for (int i = 0; i < messages; i++) {
                client.sendText("m" + i);
            }
            int seq = 0;
            int echo = 0;
            while (seq < messages || echo < messages) {
                String text = client.nextText();
                if (text.startsWith("seq ")) {
                    assertThat(text).as("info messages keep their order").isEqualTo("seq " + seq++);
                } else {
                    assertThat(text).as("frames keep their order").isEqualTo("m" + echo++);
                }
            }
            if (ending == 0) {
                client.sendClose(1000, "done");
                assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).isEqualTo("Remote(1000)");
            } else {
                client.sendText("stop normal");
                assertThat(client.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1000);
                assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).isEqualTo("Normal");
            }
        }
    }

    /** {@code SlowConsumerHandler}'s send timeout, and the margin a loaded 2-core machine needs on top of it. */
    Duration S18_SEND_TIMEOUT = Duration.ofSeconds(1);
    Duration S18_MARGIN = Duration.ofSeconds(3);

    @Test
    @DisplayName("S18 a client that stops reading is ended as a slow consumer (terminate(Error(SLOW_CONSUMER))) within sendTimeout + margin; other connections keep flowing")
    default void s18_slowConsumer() {
        String tag = Site.tag("s18");
        try (WebSockTestClient slow = WebSockTestClient.builder(site().ws(Site.logged("/slow", tag))).paused().connect();
             WebSockTestClient other = Site.connect(site().ws(Site.logged("/script", tag + "-other")))) {
            slow.sendText("flood");
            long start = System.nanoTime();
            Duration bound = S18_SEND_TIMEOUT.plus(S18_MARGIN);
            int rounds = 0;
            Duration elapsed = null;
            while (rounds < 20 || elapsed == null) {
                other.sendText("round " + rounds);
                assertThat(other.nextText()).as("the other connection's traffic flows").isEqualTo("round " + rounds++);
                if (elapsed == null && Site.events(tag).stream().anyMatch(l -> l.startsWith("terminate"))) {
                    elapsed = Duration.ofNanos(System.nanoTime() - start);
                }
                assertThat(elapsed != null ? elapsed : Duration.ofNanos(System.nanoTime() - start))
                        .as("slow consumer detected within sendTimeout %s + margin %s", S18_SEND_TIMEOUT, S18_MARGIN)
                        .isLessThanOrEqualTo(bound);
            }
            Server.current().record("S18 slow consumer ended after (sendTimeout 1 s, outboundBufferLimit 256 KiB)",
                    elapsed.toMillis() + " ms");
            assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(1))).isEqualTo("Error(SLOW_CONSUMER)");
            Site.assertInvariants(tag);
            // What the stalled client then sees depends on the container: the 1008 close frame behind the data
            // already queued, or a dropped TCP connection when a send was stuck (docs/decisions.md).
            other.sendText("still flowing");
            assertThat(other.nextText()).isEqualTo("still flowing");
        }
    }

    @Test
    @DisplayName("S19 mailbox overflow → 1013 and terminate(Error(MAILBOX_OVERFLOW))")
    default void s19_mailboxOverflow() {
        String tag = Site.tag("s19");
        try (WebSockTestClient client = Site.connect(site().ws(Site.logged("/mailbox", tag)))) {
            client.sendText("overflow 100");
            assertThat(client.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1013);
        }
        assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).isEqualTo("Error(MAILBOX_OVERFLOW)");
        Site.assertInvariants(tag);
    }
}
