package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.UpgradeDecision;
import io.websock.WebSockOptions;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.websock.jakarta.TestServer.Kind.TOMCAT;
import static io.websock.jakarta.TestServer.Kind.TYRUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenarios 1, 2, 3 and 21 on both servers. Tomcat has a servlet layer, so the library's filter answers
 * every refusal with its real status; Tyrus standalone has none, so (as documented in docs/decisions.md)
 * early validation cannot run there, an allow-list origin refusal is the container's 403, and every other
 * refusal is a close 1008 right after the upgrade, before the handler sees the connection.
 */
class HandshakeScenarioTest {

    private static final String VALID = "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + RawUpgrade.KEY + "\r\nSec-WebSocket-Version: 13\r\n";

    /** Init pushes what it saw of the handshake, so a test reads it as the first frame. */
    private static Scripted reporting() {
        return new Scripted().init(c -> Result.push(Frame.text(describe(c)), 0));
    }

    private static String describe(Connection c) {
        var h = c.handshake();
        return "user=" + h.attribute("user") + ";order=" + h.attribute("order") + ";room=" + h.pathParameter("room")
                + ";protocol=" + h.subprotocol();
    }

    // ------------------------------------------------------------------ S1

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S1 mixed-case Upgrade/Connection headers upgrade with 101 and init runs once")
    void s1_mixedCaseHeaders(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted().init(c -> Result.push(Frame.text("hi"), 0));
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s1", handler)))) {
            String request = ("GET /s1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nUpgrade: WeBsOcKeT\r\n"
                    + "Connection: keep-alive, UpGrAdE\r\nSec-WebSocket-Key: " + RawUpgrade.KEY
                    + "\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n");
            try (RawUpgrade u = RawUpgrade.send(server.port(), request)) {
                assertThat(u.status).as(u.head).isEqualTo(101);
                assertThat(u.header("Sec-WebSocket-Accept")).isEqualTo(RawUpgrade.ACCEPT);
                RawClient.Frame first = u.read();
                assertThat(first.opcode()).isEqualTo(RawClient.TEXT);
                assertThat(first.text()).isEqualTo("hi");
            }
            String id = handler.recorder.onlyConnection();
            handler.recorder.awaitTermination(id);
            assertThat(handler.recorder.events.get(id)).filteredOn("init"::equals).hasSize(1);
            assertThat(handler.recorder.opened).hasSize(1);
        }
    }

    // ------------------------------------------------------------------ S2

    /** One invalid upgrade with the answers expected on each server, with validation on and off. */
    private record Invalid(String name, String from, String to, int tomcat, String tomcatBody, int tomcatOff, int tyrus) {
    }

    /** A key of 10 bytes ("the sample"), one that is not base64, and a second valid key. */
    static final String SHORT_KEY = "dGhlIHNhbXBsZQ==", NOT_BASE64_KEY = "not*base64*at*all*here==", OTHER_KEY = "AAECAwQFBgcICQoLDA0ODw==";

    static String badKey(String... values) {
        return "'sec-websocket-key' header must be one base64-encoded 16-byte value, got " + UpgradeValidation.inspect(List.of(values));
    }

    private static final List<Invalid> INVALID = List.of(
            new Invalid("POST", "GET ", "POST ", 400, "HTTP method POST unsupported", 405, 101),
            new Invalid("HTTP/1.0", "HTTP/1.1\r\nHost", "HTTP/1.0\r\nHost", 400, "HTTP version HTTP/1.0 unsupported", 101, 101),
            new Invalid("Connection: keep-alive", "Connection: Upgrade", "Connection: keep-alive",
                    400, "'connection' header must contain 'upgrade', got [\"keep-alive\"]", 400, 500),
            new Invalid("Upgrade: bogus", "Upgrade: websocket", "Upgrade: bogus",
                    400, "'upgrade' header must contain 'websocket', got [\"bogus\"]", 404, 404),
            new Invalid("no key", "Sec-WebSocket-Key: " + RawUpgrade.KEY + "\r\n", "",
                    400, "'sec-websocket-key' header is absent", 400, 500),
            new Invalid("version 12", "Version: 13", "Version: 12",
                    400, "'sec-websocket-version' header must equal '13', got [\"12\"]", 426, 426),
            // Tomcat's connector refuses an HTTP/1.1 request without Host before any filter runs: its own 400.
            new Invalid("no Host", "Host: 127.0.0.1:%d\r\n", "", 400, null, 400, 400),
            new Invalid("blank Host", "Host: 127.0.0.1:%d\r\n", "Host: \r\n", 400, "'host' header is absent", 101, 101),
            // Malformed keys (RFC 6455 §4.1: exactly one, the base64 of 16 bytes) all get the bridge's one-line 400;
            // Tomcat alone answers a short or non-base64 key with its HTML 400 page and upgrades two keys.
            new Invalid("short key", RawUpgrade.KEY, SHORT_KEY, 400, badKey(SHORT_KEY), 400, 101),
            new Invalid("non-base64 key", RawUpgrade.KEY, NOT_BASE64_KEY, 400, badKey(NOT_BASE64_KEY), 400, 101),
            new Invalid("two keys", RawUpgrade.KEY + "\r\n", RawUpgrade.KEY + "\r\nSec-WebSocket-Key: " + OTHER_KEY + "\r\n",
                    400, badKey(RawUpgrade.KEY, OTHER_KEY), 101, 101),
            // websock_adapter's rule: the version must be exactly one "13".
            new Invalid("two versions", "Version: 13\r\n", "Version: 13\r\nSec-WebSocket-Version: 13\r\n",
                    400, "'sec-websocket-version' header must equal '13', got [\"13\", \"13\"]", 101, 426));

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S2 each invalid upgrade gets 400 with the exact message; with validation off, the container's own answer")
    void s2_invalidUpgrades(TestServer.Kind kind) throws Exception {
        WebSockOptions off = WebSockOptions.builder().earlyValidateUpgrade(false).build();
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/s2", new Scripted()));
            c.addEndpoint(ws.endpoint("/s2off", new Scripted(), off));
        })) {
            SoftAssertions soft = new SoftAssertions();
            for (Invalid inv : INVALID) {
                for (String path : List.of("/s2", "/s2off")) {
                    String valid = VALID.formatted(path, server.port());
                    String from = inv.from().contains("%d") ? inv.from().formatted(server.port()) : inv.from();
                    assertThat(valid).contains(from);
                    String request = valid.replace(from, inv.to()) + "\r\n";
                    try (RawUpgrade u = RawUpgrade.send(server.port(), request)) {
                        String what = kind + " " + path + " " + inv.name() + ": " + u.head + u.body;
                        if (kind == TYRUS) {
                            soft.assertThat(u.status).as(what).isEqualTo(inv.tyrus()); // no servlet layer: Tyrus answers
                        } else if (path.equals("/s2")) {
                            soft.assertThat(u.status).as(what).isEqualTo(inv.tomcat());
                            if (inv.tomcatBody() != null) {
                                soft.assertThat(u.body).as(what).isEqualTo(inv.tomcatBody());
                                soft.assertThat(u.header("Content-Type")).as(what).startsWith("text/plain");
                            }
                        } else {
                            soft.assertThat(u.status).as(what).isEqualTo(inv.tomcatOff());
                            soft.assertThat(u.body).as(what).doesNotContain("header must").doesNotContain("unsupported");
                        }
                    }
                }
            }
            soft.assertAll();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S2 a repeated Upgrade header passes validation when one value is websocket (websock_adapter's rule) and upgrades; Tyrus standalone answers 404 itself")
    void s2_repeatedUpgradeHeader(TestServer.Kind kind) throws Exception {
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s2", reporting())))) {
            for (String second : List.of("websocket", "h2c")) {
                String request = VALID.formatted("/s2", server.port()).replace("Upgrade: websocket\r\n",
                        "Upgrade: " + second + "\r\nUpgrade: websocket\r\n") + "\r\n";
                try (RawUpgrade u = RawUpgrade.send(server.port(), request)) {
                    String what = kind + " Upgrade: " + second + " + websocket: " + u.head + u.body;
                    if (kind == TYRUS) {
                        // No servlet layer, so no early validation: Grizzly's own answer.
                        assertThat(u.status).as(what).isEqualTo(404);
                    } else {
                        assertThat(u.status).as(what).isEqualTo(101);
                        assertThat(u.read().text()).startsWith("user="); // init ran
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ S3

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S3 headers and attributes set by upgrade checks reach the 101 response and init; rejections answer their status")
    void s3_upgradeChecks(TestServer.Kind kind) throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        WebSockOptions options = WebSockOptions.builder().upgradeChecks(
                request -> {
                    ran.add("auth:" + request.queryParameter("token"));
                    String token = request.queryParameter("token");
                    if ("bad".equals(token)) {
                        return UpgradeDecision.reject(401, "bad token").withHeader("WWW-Authenticate", "Bearer");
                    }
                    return UpgradeDecision.permit().withAttribute("user", token).withHeader("X-User", token);
                },
                request -> {
                    String user = request.attribute("user");
                    ran.add("limit:" + user);
                    if ("flood".equals(user)) {
                        return UpgradeDecision.reject(429, "slow down").withHeader("Retry-After", "7");
                    }
                    return UpgradeDecision.permit().withAttribute("order", user + ">limiter").withHeader("X-Check", "limiter");
                }).build();
        Scripted handler = reporting();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/s3/{room}", handler, options)))) {
            // Two connections open at once keep their own attributes.
            try (RawUpgrade ann = RawUpgrade.get(server.port(), "/s3/lobby?token=ann");
                 RawUpgrade bob = RawUpgrade.get(server.port(), "/s3/cellar?token=bob")) {
                assertThat(ann.status).as(ann.head).isEqualTo(101);
                assertThat(ann.header("X-User")).isEqualTo("ann");
                assertThat(ann.header("X-Check")).isEqualTo("limiter");
                assertThat(bob.header("X-User")).isEqualTo("bob");
                assertThat(ann.read().text()).isEqualTo("user=ann;order=ann>limiter;room=lobby;protocol=");
                assertThat(bob.read().text()).isEqualTo("user=bob;order=bob>limiter;room=cellar;protocol=");
            }
            // A real client.
            try (WsClient client = WsClient.connect(server.uri("/s3/attic?token=jdk"))) {
                assertThat(client.nextText()).isEqualTo("user=jdk;order=jdk>limiter;room=attic;protocol=");
            }
            assertThat(ran).containsExactly("auth:ann", "limit:ann", "auth:bob", "limit:bob", "auth:jdk", "limit:jdk");
            ran.clear();
            int opened = handler.recorder.opened.size();

            try (RawUpgrade bad = RawUpgrade.get(server.port(), "/s3/lobby?token=bad");
                 RawUpgrade flood = RawUpgrade.get(server.port(), "/s3/lobby?token=flood")) {
                if (kind == TOMCAT) {
                    assertThat(bad.status).isEqualTo(401);
                    assertThat(bad.header("WWW-Authenticate")).isEqualTo("Bearer");
                    assertThat(bad.body).isEqualTo("bad token");
                    assertThat(flood.status).isEqualTo(429);
                    assertThat(flood.header("Retry-After")).isEqualTo("7");
                    assertThat(flood.body).isEqualTo("slow down");
                } else {
                    assertRefusedAfterUpgrade(bad, "401 bad token");
                    assertRefusedAfterUpgrade(flood, "429 slow down");
                }
            }
            assertThat(ran).containsExactly("auth:bad", "auth:flood", "limit:flood"); // a rejection ends the run
            assertThat(handler.recorder.opened).hasSize(opened); // the handler never saw a refused upgrade
            try (RawUpgrade again = RawUpgrade.get(server.port(), "/s3/lobby?token=cid")) {
                assertThat(again.read().text()).isEqualTo("user=cid;order=cid>limiter;room=lobby;protocol=");
            }
        }
    }

    // ------------------------------------------------------------------ S21

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S21 cross-origin upgrade is refused by default and allowed when listed; subprotocol negotiation and its 403")
    void s21_originAndSubprotocols(TestServer.Kind kind) throws Exception {
        Scripted handler = reporting();
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/same", handler));
            c.addEndpoint(ws.endpoint("/listed", handler,
                    WebSockOptions.builder().allowedOrigins("//*.example.com", "https://trusted.test:8443").build()));
            c.addEndpoint(ws.endpoint("/any", handler, WebSockOptions.builder().anyOrigin().build()));
            c.addEndpoint(ws.endpoint("/proto", handler, WebSockOptions.builder().subprotocols("v2.chat", "v1.chat").build()));
        })) {
            int port = server.port();
            // Same-origin by default.
            try (RawUpgrade evil = RawUpgrade.get(port, "/same", "Origin: http://evil.example")) {
                if (kind == TOMCAT) {
                    assertThat(evil.status).isEqualTo(403);
                    assertThat(evil.body).isEqualTo("origin \"http://evil.example\" is not allowed");
                } else {
                    assertRefusedAfterUpgrade(evil, "403 origin \"http://evil.example\" is not allowed");
                }
            }
            assertUpgraded(port, "/same", "Origin: http://127.0.0.1:" + port);
            assertUpgraded(port, "/same"); // no Origin: a non-browser client
            // Allow-list: the container answers 403 itself on both servers.
            assertUpgraded(port, "/listed", "Origin: https://app.example.com");
            assertUpgraded(port, "/listed", "Origin: https://example.com");
            assertUpgraded(port, "/listed", "Origin: https://trusted.test:8443");
            for (String refused : List.of("https://evilexample.com", "https://trusted.test", "null", "http://127.0.0.1:" + port)) {
                try (RawUpgrade u = RawUpgrade.get(port, "/listed", "Origin: " + refused)) {
                    assertThat(u.status).as(refused).isEqualTo(403);
                }
            }
            // Off.
            assertUpgraded(port, "/any", "Origin: http://evil.example");
            assertUpgraded(port, "/any", "Origin: null");

            // Subprotocols, with the JDK client: the server's order wins, the choice is echoed and reaches init.
            assertThat(negotiate(server, "v1.chat", "v2.chat")).isEqualTo("v2.chat|user=null;order=null;room=null;protocol=v2.chat");
            assertThat(negotiate(server, "x", "v1.chat")).isEqualTo("v1.chat|user=null;order=null;room=null;protocol=v1.chat");
            assertThat(negotiate(server)).isEqualTo("|user=null;order=null;room=null;protocol=");
            try (RawUpgrade u = RawUpgrade.get(port, "/proto", "Sec-WebSocket-Protocol: x, y")) {
                if (kind == TOMCAT) {
                    assertThat(u.status).isEqualTo(403);
                    assertThat(u.body).isEqualTo("none of the offered subprotocols [\"x\", \"y\"] is supported; "
                            + "supported: [\"v2.chat\", \"v1.chat\"]");
                } else {
                    assertRefusedAfterUpgrade(u, "403 none of the offered subprotocols");
                }
            }
            if (kind == TOMCAT) {
                assertThatThrownBy(() -> negotiate(server, "x"))
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(WebSocketHandshakeException.class)
                        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
            }
            // A refused handshake leaves nothing behind for the next one.
            assertThat(negotiate(server, "v1.chat")).startsWith("v1.chat|");
        }
    }

    private static String negotiate(TestServer server, String... offered) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (offered.length > 0) {
            builder.subprotocols(offered[0], Arrays.copyOfRange(offered, 1, offered.length));
        }
        java.util.concurrent.CompletableFuture<String> first = new java.util.concurrent.CompletableFuture<>();
        WebSocket ws = builder.buildAsync(server.uri("/proto"), new WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                first.complete(data.toString());
                return null;
            }
        }).orTimeout(10, TimeUnit.SECONDS).join();
        try {
            return ws.getSubprotocol() + "|" + first.orTimeout(10, TimeUnit.SECONDS).join();
        } finally {
            ws.abort();
        }
    }

    private static void assertUpgraded(int port, String path, String... headers) throws IOException {
        try (RawUpgrade u = RawUpgrade.get(port, path, headers)) {
            assertThat(u.status).as(path + " " + List.of(headers) + ": " + u.head).isEqualTo(101);
            assertThat(u.read().text()).startsWith("user="); // init ran
        }
    }

    /** Tyrus standalone: the refusal comes as a close 1008 right after the 101, carrying status and body. */
    private static void assertRefusedAfterUpgrade(RawUpgrade u, String reasonPrefix) throws IOException {
        assertThat(u.status).as(u.head).isEqualTo(101);
        RawClient.Frame close = u.read();
        assertThat(close.opcode()).isEqualTo(RawClient.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1008);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8)).startsWith(reasonPrefix);
    }
}
