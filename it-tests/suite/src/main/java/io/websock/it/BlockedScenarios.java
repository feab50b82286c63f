package io.websock.it;

import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §2.4 on each server's own executor (its default {@code ManagedExecutorService} where it has one):
 * more blocked callbacks than that pool has threads (WildFly's default pool has 2 × CPU threads) do not stop
 * another connection's auto-pings or let its idle timeout fire.
 */
interface BlockedScenarios extends Deployed {

    int BLOCKED = 12;
    Duration BLOCK = Duration.ofSeconds(2);

    @Test
    @DisplayName("§2.4 12 handleInfo callbacks blocked on the server's executor: an idle client answering auto-pings keeps getting them and is not timed out")
    default void blockedCallbacksDoNotStopHeartbeats() {
        List<WebSockTestClient> blocked = new ArrayList<>();
        try (WebSockTestClient idle = Site.connect(site().ws("/idle-ping"))) {
            for (int i = 0; i < BLOCKED; i++) {
                blocked.add(Site.connect(site().ws("/blocking")));
            }
            blocked.forEach(c -> c.sendText("block " + BLOCK.toMillis()));
            long pingsBefore = idle.received().stream().filter(r -> r instanceof Received.Ping).count();
            // /idle-ping: timeout 1 s, a ping after 250 ms of silence.
            await().during(BLOCK).atMost(BLOCK.plusSeconds(2)).until(() -> !idle.isClosed());
            long pings = idle.received().stream().filter(r -> r instanceof Received.Ping).count() - pingsBefore;
            assertThat(pings).as("auto-pings in %s while %d callbacks block", BLOCK, BLOCKED).isGreaterThanOrEqualTo(3);

            // Every blocked callback ends (on a small pool, in waves), so later scenarios find the pool free.
            for (WebSockTestClient c : blocked) {
                assertThat(c.nextText()).isEqualTo("unblocked");
            }
        } finally {
            blocked.forEach(WebSockTestClient::close);
        }
    }
}
