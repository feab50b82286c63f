package io.websock.it;

import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What each callback's result does, seen by a client: S4 ({@code init}), S5 ({@code handleIn},
 * {@code handleInfo} from another thread, {@code handleControl} on a pong), S6 (state threading), S7
 * (exceptions), S8 (pong without {@code handleControl}), S20 ({@code sendAfter}).
 */
interface ResultScenarios extends Deployed {

    /** A command of the scripted handler, what the client then receives, and terminate's reason (null: stays up). */
    record Form(String command, List<String> received, String terminate) {
    }

    List<Form> FORMS = List.of(
            new Form("ok", List.of(), null),
            new Form("text t1", List.of("text:t1"), null),
            new Form("binary", List.of("binary:010203"), null),
            new Form("ping", List.of("ping:70"), null),
            new Form("pong", List.of("pong:71"), null),
            new Form("list", List.of("text:a", "binary:09", "text:b", "ping:70", "text:c"), null),
            new Form("reply", List.of("text:replied"), null),
            new Form("stop normal", List.of("close:1000:"), "Normal"),
            new Form("stop disconnected", List.of("close:1000:"), "Normal"),
            new Form("stop restart", List.of("close:1012:"), "Normal"),
            new Form("stop error", List.of("close:1011:"), "Error(scripted error)"),
            new Form("stop-code 4001", List.of("close:4001:"), "Normal"),
            new Form("stop-code 4002 bye now", List.of("close:4002:bye now"), "Normal"),
            new Form("stop-frames", List.of("text:last 1", "text:last 2", "close:4003:after frames"), "Normal"));

    /** How a form reaches a callback. */
    enum Via {
        INIT("/script"), HANDLE_IN("/script"), HANDLE_INFO("/script"), HANDLE_CONTROL("/control");

        final String path;

        Via(String path) {
            this.path = path;
        }
    }

    /** The next {@code n} things {@code client} receives, as short strings: {@code text:abc}, {@code binary:0102}, {@code close:1000:reason} … */
    private static List<String> receive(WebSockTestClient client, int n) {
        HexFormat hex = HexFormat.of();
        return Stream.generate(client::next).limit(n).map(r -> {
            if (r instanceof Received.Text t) {
                return "text:" + t.text();
            } else if (r instanceof Received.Binary b) {
                return "binary:" + hex.formatHex(b.data());
            } else if (r instanceof Received.Ping p) {
                return "ping:" + hex.formatHex(p.data());
            } else if (r instanceof Received.Pong p) {
                return "pong:" + hex.formatHex(p.data());
            } else if (r instanceof Received.Close c) {
                return "close:" + c.code() + ":" + c.reason();
            }
            return "failed:" + ((Received.Failure) r).error();
        }).toList();
    }

    private void runForms(Via via) {
        SoftAssertions soft = new SoftAssertions();
        for (Form form : FORMS) {
            String tag = Site.tag("s45-" + via + "-" + form.command());
            String path = via == Via.INIT ? via.path + "?init=" + URLEncoder.encode(form.command(), StandardCharsets.UTF_8) : via.path;
            try (WebSockTestClient client = Site.connect(site().ws(Site.logged(path, tag)))) {
                switch (via) {
                    case HANDLE_IN -> client.sendText(form.command());
                    case HANDLE_INFO -> client.sendText("info " + form.command());
                    case HANDLE_CONTROL -> client.sendPong(form.command().getBytes(StandardCharsets.UTF_8));
                    default -> { }
                }
                String what = via + " returning the result of \"" + form.command() + "\"";
                soft.assertThat(receive(client, form.received().size())).as(what).isEqualTo(form.received());
                if (form.terminate() == null) {
                    client.sendText("still up?");
                    soft.assertThat(client.nextText()).as(what + ", then an echo").isEqualTo("still up?");
                    client.sendClose(1000, "bye");
                    soft.assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).as(what).isEqualTo("Remote(1000)");
                } else {
                    soft.assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).as(what).isEqualTo(form.terminate());
                }
                Site.assertInvariants(tag);
            }
        }
        soft.assertAll();
    }

    @Test
    @DisplayName("S4 init returning ok, push (text, binary, ping, pong, list in order), reply and each stop form with its code")
    default void s4_initResults() {
        runForms(Via.INIT);
    }

    @Test
    @DisplayName("S5 handleIn returning each result form")
    default void s5_handleInResults() {
        runForms(Via.HANDLE_IN);
    }

    @Test
    @DisplayName("S5 handleInfo (message sent from another thread) returning each result form")
    default void s5_handleInfoResults() {
        runForms(Via.HANDLE_INFO);
    }

    @Test
    @DisplayName("S5 handleControl (on a pong) returning each result form")
    default void s5_handleControlResults() {
        runForms(Via.HANDLE_CONTROL);
    }

    @Test
    @DisplayName("S6 state threads through handleIn and handleInfo across ok, push and reply forms")
    default void s6_stateThreading() {
        try (WebSockTestClient client = Site.connect(site().ws("/script"))) {
            // init → 1; every command adds one.
            client.sendText("count");
            assertThat(client.nextText()).isEqualTo("count=2");
            client.sendText("ok");
            client.sendText("reply");
            assertThat(client.nextText()).isEqualTo("replied");
            client.sendText("count");
            assertThat(client.nextText()).isEqualTo("count=5");
            client.sendText("info count");
            assertThat(client.nextText()).as("handleInfo sees the state handleIn returned").isEqualTo("count=7");
            client.sendText("info reply");
            assertThat(client.nextText()).isEqualTo("replied");
            client.sendText("count");
            assertThat(client.nextText()).as("handleIn sees the state handleInfo returned").isEqualTo("count=10");
        }
    }

    @Test
    @DisplayName("S7 exception in init → 1011 and no terminate; in handleIn, handleInfo, handleControl → 1011 and terminate(Error)")
    default void s7_exceptions() {
        String initTag = Site.tag("s7-init");
        try (WebSockTestClient client = Site.connect(site().ws(Site.logged("/script?init=throw", initTag)))) {
            assertThat(client.nextClose().code()).isEqualTo(1011);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> Site.events(initTag).stream().noneMatch(l -> l.startsWith("terminate")));
        }
        for (Via via : List.of(Via.HANDLE_IN, Via.HANDLE_INFO, Via.HANDLE_CONTROL)) {
            String tag = Site.tag("s7-" + via);
            try (WebSockTestClient client = Site.connect(site().ws(Site.logged(via.path, tag)))) {
                switch (via) {
                    case HANDLE_IN -> client.sendText("throw");
                    case HANDLE_INFO -> client.sendText("info throw");
                    default -> client.sendPong("throw".getBytes(StandardCharsets.UTF_8));
                }
                assertThat(client.awaitClose(Duration.ofSeconds(10)).code()).as(via.name()).isEqualTo(1011);
                assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).as(via.name()).isEqualTo("Error(IllegalStateException)");
                Site.assertInvariants(tag);
            }
        }
    }

    @Test
    @DisplayName("S8 without handleControl a pong is ignored and the connection stays up")
    default void s8_pongIgnored() {
        String tag = Site.tag("s8");
        try (WebSockTestClient client = Site.connect(site().ws(Site.logged("/script", tag)))) {
            client.sendPong("stop normal".getBytes(StandardCharsets.UTF_8));
            client.sendText("still up");
            assertThat(client.nextText()).isEqualTo("still up");
            assertThat(Site.events(tag)).noneMatch(l -> l.startsWith("terminate"));
        }
    }

    @Test
    @DisplayName("S20 sendAfter fires once after its delay; a cancelled one never fires; none fire after terminate")
    default void s20_sendAfter() {
        try (WebSockTestClient client = Site.connect(site().ws("/script"))) {
            long start = System.nanoTime();
            client.sendText("after 300 text fired");
            assertThat(client.nextText()).isEqualTo("fired");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            client.sendText("after-cancel 200 text never");
            assertThat(client.nextText()).isEqualTo("cancelled=true");
            client.sendText("after 600 text later");
            assertThat(client.nextText()).as("neither a second 'fired' nor the cancelled 'never' came first").isEqualTo("later");
        }
        String tag = Site.tag("s20-after-terminate");
        try (WebSockTestClient doomed = Site.connect(site().ws(Site.logged("/script", tag)))) {
            doomed.sendText("after 200 text ghost");
            doomed.sendText("stop normal");
            assertThat(doomed.nextClose().code()).isEqualTo(1000);
        }
        try (WebSockTestClient clock = Site.connect(site().ws("/script"))) {
            clock.sendText("after 600 text tick");
            assertThat(clock.nextText()).isEqualTo("tick");
        }
        assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(10))).isEqualTo("Normal");
        Site.assertInvariants(tag);
    }
}
