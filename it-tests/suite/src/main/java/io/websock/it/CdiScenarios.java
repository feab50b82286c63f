package io.websock.it;

import io.websock.test.client.WebSockTestClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** CDI in the container's own setup (S22) and the injected registry and topics. */
interface CdiScenarios extends Deployed {

    @Test
    @DisplayName("S22 handler discovered by annotation; injected beans usable; @RequestScoped active per callback; @Dependent handler destroyed after terminate")
    default void s22_cdi() {
        String tag = Site.tag("s22");
        try (WebSockTestClient ann = Site.connect(site().ws(Site.logged("/cdi", tag)));
             WebSockTestClient bob = Site.connect(site().ws("/cdi"))) {
            ann.sendText("greet ann");
            String first = ann.nextText();
            assertThat(first).startsWith("hello ann #");
            bob.sendText("greet bob");
            int n = Integer.parseInt(first.substring(first.indexOf('#') + 1));
            assertThat(bob.nextText()).as("one application-scoped Greeter for all connections").isEqualTo("hello bob #" + (n + 1));
            ann.sendText("request");
            String r1 = ann.nextText();
            ann.sendText("request");
            String r2 = ann.nextText();
            assertThat(r1).startsWith("request=");
            assertThat(r2).startsWith("request=").as("a new request context for every callback").isNotEqualTo(r1);
            ann.sendClose(1000, "bye");
        }
        assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).isEqualTo("Remote(1000)");
        await().atMost(Duration.ofSeconds(10)).until(() -> Site.events(tag).contains("destroyed"));
        List<String> events = Site.events(tag);
        assertThat(events.indexOf("destroyed")).as("@PreDestroy after terminate: %s", events)
                .isGreaterThan(events.indexOf("terminate Remote(1000)"));
        Site.assertInvariants(tag);
    }

    @Test
    @DisplayName("S22 injected Topics publish to one room only; injected Registry counts and broadcasts to an endpoint")
    default void s22_registryAndTopics() {
        try (WebSockTestClient red1 = Site.connect(site().ws("/room/red"));
             WebSockTestClient red2 = Site.connect(site().ws("/room/red"));
             WebSockTestClient blue = Site.connect(site().ws("/room/blue"))) {
            // The registry lists a connection once its init has run, which may trail the client's handshake.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                red1.sendText("members");
                assertThat(red1.nextText()).isEqualTo("members=3");
            });
            red1.sendText("say hi");
            assertThat(red1.nextText()).isEqualTo("red: hi");
            assertThat(red2.nextText()).isEqualTo("red: hi");
            blue.sendText("say hello");
            assertThat(blue.nextText()).as("blue saw nothing of red").isEqualTo("blue: hello");
            blue.sendText("everyone yo");
            for (WebSockTestClient c : List.of(red1, red2, blue)) {
                assertThat(c.nextText()).isEqualTo("all: yo");
            }
            assertThat(red2.pending()).as("red2 got nothing of blue's room").isEmpty();
        }
    }
}
