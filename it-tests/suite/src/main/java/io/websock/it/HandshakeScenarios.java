package io.websock.it;

import io.websock.test.client.RawWebSocket;
import io.websock.test.client.RawWebSocket;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a client sees of the upgrade on this server: S1, S2, S3, S21. */
interface HandshakeScenarios extends Deployed {

    String VALID = "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + RawWebSocket.KEY + "\r\nSec-WebSocket-Version: 13\r\n";

    @Test
    @DisplayName("S1 mixed-case Upgrade/Connection headers upgrade with 101 and init runs once")
    default void s1_mixedCaseHeaders() throws Exception {
        Site site = site();
        String tag = Site.tag("s1");
        String request = "GET " + site.raw(Site.logged("/script", tag)) + " HTTP/1.1\r\nHost: 127.0.0.1:" + site.port
                + "\r\nUpgrade: WeBsOcKeT\r\nConnection: keep-alive, UpGrAdE\r\nSec-WebSocket-Key: " + RawWebSocket.KEY
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (RawWebSocket u = RawWebSocket.request(site.ws("/"), request)) {
            assertThat(u.status()).as(u.head()).isEqualTo(101);
            assertThat(u.header("Sec-WebSocket-Accept")).isEqualTo(RawWebSocket.ACCEPT);
            await().atMost(Duration.ofSeconds(10)).until(() -> Site.events(tag).contains("init"));
            assertThat(Site.events(tag)).filteredOn("init"::equals).hasSize(1);
        }
    }

    /** One invalid upgrade: how to make it from a valid request, and the bridge's exact 400 message. */
    record Invalid(String name, String from, String to, String message) {
    }

    List<Invalid> INVALID = List.of(
            new Invalid("POST", "GET ", "POST ", "HTTP method POST unsupported"),
            new Invalid("HTTP/1.0", "HTTP/1.1\r\nHost", "HTTP/1.0\r\nHost", "HTTP version HTTP/1.0 unsupported"),
            new Invalid("Connection: keep-alive", "Connection: Upgrade", "Connection: keep-alive",
                    "'connection' header must contain 'upgrade', got [\"keep-alive\"]"),
            new Invalid("Upgrade: bogus", "Upgrade: websocket", "Upgrade: bogus",
                    "'upgrade' header must contain 'websocket', got [\"bogus\"]"),
            new Invalid("no key", "Sec-WebSocket-Key: " + RawWebSocket.KEY + "\r\n", "", "'sec-websocket-key' header is absent"),
            new Invalid("version 12", "Version: 13", "Version: 12", "'sec-websocket-version' header must equal '13', got [\"12\"]"),
            new Invalid("blank Host", "Host: 127.0.0.1:%d\r\n", "Host: \r\n", "'host' header is absent"),
            // RFC 6455 §4.1: exactly one key, the base64 of 16 bytes; every malformed key gets the same one-line 400.
            new Invalid("short key", RawWebSocket.KEY, "dGhlIHNhbXBsZQ==", badKey("dGhlIHNhbXBsZQ==")),
            new Invalid("non-base64 key", RawWebSocket.KEY, "not*base64*at*all*here==", badKey("not*base64*at*all*here==")),
            new Invalid("two keys", RawWebSocket.KEY + "\r\n", RawWebSocket.KEY + "\r\nSec-WebSocket-Key: AAECAwQFBgcICQoLDA0ODw==\r\n",
                    "'sec-websocket-key' header must be one base64-encoded 16-byte value, got [\"" + RawWebSocket.KEY
                            + "\", \"AAECAwQFBgcICQoLDA0ODw==\"]"),
            new Invalid("two versions", "Version: 13\r\n", "Version: 13\r\nSec-WebSocket-Version: 13\r\n",
                    "'sec-websocket-version' header must equal '13', got [\"13\", \"13\"]"));

    private static String badKey(String value) {
        return "'sec-websocket-key' header must be one base64-encoded 16-byte value, got [\"" + value + "\"]";
    }

    @Test
    @DisplayName("S2 each invalid upgrade gets 400 with the exact message; with validation off, the container's own answer")
    default void s2_invalidUpgrades() throws Exception {
        Site site = site();
        Server server = Server.current();
        SoftAssertions soft = new SoftAssertions();
        for (Invalid inv : INVALID) {
            for (String path : List.of("/script", "/novalidate")) {
                String valid = VALID.formatted(site.raw(path), site.port);
                String from = inv.from().contains("%d") ? inv.from().formatted(site.port) : inv.from();
                assertThat(valid).contains(from);
                try (RawWebSocket u = RawWebSocket.request(site.ws("/"), valid.replace(from, inv.to()) + "\r\n")) {
                    String what = path + " " + inv.name() + ": " + u.head() + u.body();
                    if (path.equals("/script")) {
                        // Some connectors refuse a request before the application sees it (documented per server).
                        String answer = u.status() + (u.body().equals(inv.message()) ? " (bridge)" : " (connector)");
                        if (server.expected("S2 " + inv.name()) == null) {
                            soft.assertThat(answer).as(what).isEqualTo("400 (bridge)");
                        } else {
                            server.check(soft, "S2 " + inv.name(), answer);
                        }
                        if (answer.equals("400 (bridge)")) {
                            String type = u.header("Content-Type");
                            server.check(soft, "S2 Content-Type of the bridge's 400",
                                    type == null ? "absent" : type.startsWith("text/plain") ? "text/plain" : type);
                        }
                    } else {
                        server.check(soft, "S2 validation off: " + inv.name(), String.valueOf(u.status()));
                        soft.assertThat(u.body()).as(what).doesNotContain("header must").doesNotContain("unsupported");
                    }
                }
            }
        }
        // A request without any Host: some connectors refuse it before the application sees it.
        String noHost = VALID.formatted(site.raw("/script"), site.port).replace("Host: 127.0.0.1:" + site.port + "\r\n", "");
        try (RawWebSocket u = RawWebSocket.request(site.ws("/"), noHost + "\r\n")) {
            server.check(soft, "S2 no Host", u.status() + (u.body().equals("'host' header is absent") ? " (bridge)" : " (connector)"));
        }
        soft.assertAll();
    }

    @Test
    @DisplayName("S2 a repeated Upgrade header passes validation when one value is websocket (websock_adapter's rule)")
    default void s2_repeatedUpgradeHeader() throws Exception {
        Site site = site();
        Server server = Server.current();
        SoftAssertions soft = new SoftAssertions();
        for (String first : List.of("websocket", "h2c")) {
            String request = VALID.formatted(site.raw("/script"), site.port)
                    .replace("Upgrade: websocket\r\n", "Upgrade: " + first + "\r\nUpgrade: websocket\r\n") + "\r\n";
            String property = "S2 repeated Upgrade: " + first + ", websocket";
            try (RawWebSocket u = RawWebSocket.request(site.ws("/"), request)) {
                String observed = String.valueOf(u.status());
                if (server.expected(property) == null) {
                    soft.assertThat(observed).as(property + ": " + u.head() + u.body()).isEqualTo("101");
                } else {
                    server.check(soft, property, observed);
                }
            }
        }
        soft.assertAll();
    }

    @Test
    @DisplayName("S3 headers and attributes set by an upgrade check reach the 101 response and init; rejections answer their status")
    default void s3_upgradeCheck() throws Exception {
        Site site = site();
        try (RawWebSocket none = RawWebSocket.upgrade(site.ws("/check"))) {
            assertThat(none.status()).as(none.head()).isEqualTo(401);
            assertThat(none.body()).isEqualTo("user required");
            assertThat(none.header("WWW-Authenticate")).isEqualTo("User");
        }
        try (RawWebSocket mallory = RawWebSocket.upgrade(site.ws("/check?user=mallory"))) {
            assertThat(mallory.status()).as(mallory.head()).isEqualTo(403);
            assertThat(mallory.body()).isEqualTo("not you");
        }
        try (RawWebSocket ann = RawWebSocket.upgrade(site.ws("/check?user=ann"))) {
            assertThat(ann.status()).as(ann.head()).isEqualTo(101);
            assertThat(ann.header("X-User")).isEqualTo("ann");
            RawWebSocket.Frame greeting = ann.readFrame();
            assertThat(greeting.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(new String(greeting.payload(), StandardCharsets.UTF_8)).isEqualTo("user=ann");
        }
    }

    @Test
    @DisplayName("S21 cross-origin upgrade is refused (403) by default and allowed when listed; subprotocol negotiation and its 403")
    default void s21_originAndSubprotocols() throws Exception {
        Site site = site();
        try (RawWebSocket evil = RawWebSocket.upgrade(site.ws("/origin"), "Origin: http://evil.example")) {
            assertThat(evil.status()).as(evil.head()).isEqualTo(403);
        }
        try (RawWebSocket evil = RawWebSocket.upgrade(site.ws("/script"), "Origin: http://evil.example")) {
            assertThat(evil.status()).as("same-origin default: " + evil.head()).isEqualTo(403);
        }
        try (RawWebSocket listed = RawWebSocket.upgrade(site.ws("/origin"), "Origin: https://allowed.example")) {
            assertThat(listed.status()).as(listed.head()).isEqualTo(101);
        }
        try (RawWebSocket same = RawWebSocket.upgrade(site.ws("/script"), "Origin: http://127.0.0.1:" + site.port)) {
            assertThat(same.status()).as(same.head()).isEqualTo(101);
        }
        try (RawWebSocket none = RawWebSocket.upgrade(site.ws("/proto"), "Sec-WebSocket-Protocol: x, y")) {
            assertThat(none.status()).as(none.head()).isEqualTo(403);
        }
        try (RawWebSocket v2 = RawWebSocket.upgrade(site.ws("/proto"), "Sec-WebSocket-Protocol: v1, v2")) {
            assertThat(v2.status()).as(v2.head()).isEqualTo(101);
            assertThat(v2.header("Sec-WebSocket-Protocol")).as("server's preference wins").isEqualTo("v2");
        }
    }

    @Test
    @DisplayName("S1 servlet-side upgrade (WebSockUpgrade.upgrade from a servlet) → 101 and init with the servlet's path parameters")
    default void s1_servletSideUpgrade() throws Exception {
        Site site = site();
        String observed;
        try (RawWebSocket u = RawWebSocket.upgrade(site.ws("/servlet-upgrade/lobby"))) {
            if (u.status() == 101) {
                RawWebSocket.Frame greeting = u.readFrame();
                assertThat(new String(greeting.payload(), StandardCharsets.UTF_8)).isEqualTo("room=lobby");
                observed = "101";
            } else {
                assertThat(u.body()).as("a refusal names the fix, never a silent non-upgrade: %s", u.head()).contains("addEndpoint");
                observed = u.status() + ": IllegalStateException naming the fix";
            }
        }
        SoftAssertions soft = new SoftAssertions();
        Server.current().check(soft, "S1 servlet-side upgrade", observed);
        soft.assertAll();
    }
}
