package io.websock.jakarta;

import io.websock.Result;
import io.websock.UpgradeDecision;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static io.websock.jakarta.TestServer.Kind.TOMCAT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small promises of the upgrade that README makes: {@code compress} negotiates permessage-deflate, an upgrade
 * check that throws answers 500, and an origin refusal logs one line naming the origin.
 */
class UpgradeExtrasTest {

    private BridgeLog logged;

    @BeforeEach
    void captureLog() {
        logged = BridgeLog.capture();
    }

    @AfterEach
    void releaseLog() {
        logged.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("compress: the 101 carries Sec-WebSocket-Extensions: permessage-deflate when offered and compress is on, never when it is off")
    void compressNegotiatesPermessageDeflate(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted().init(c -> Result.push(io.websock.Frame.text("hi"), 0));
        WebSockOptions on = WebSockOptions.builder().compress(true).build();
        WebSockOptions off = WebSockOptions.builder().compress(false).build();
        String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/deflate", handler, on));
            c.addEndpoint(ws.endpoint("/plain", handler, off));
        })) {
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/deflate", offer)) {
                assertThat(u.status).as(u.head).isEqualTo(101);
                if (kind == TOMCAT) {
                    assertThat(u.header("Sec-WebSocket-Extensions")).as(u.head).startsWith("permessage-deflate");
                    RawClient.Frame first = u.read();
                    assertThat(first.opcode()).isEqualTo(RawClient.TEXT);
                    assertThat(first.text()).as("init's push goes out deflated").isNotEqualTo("hi");
                } else {
                    // Tyrus standalone installs no permessage-deflate: "where the container has it" (README options).
                    assertThat(u.header("Sec-WebSocket-Extensions")).as(u.head).isNull();
                }
            }
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/plain", offer)) {
                assertThat(u.status).as(u.head).isEqualTo(101);
                assertThat(u.header("Sec-WebSocket-Extensions")).as("compress=false: %s", u.head).isNull();
                assertThat(u.read().text()).isEqualTo("hi");
            }
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/deflate")) {
                assertThat(u.header("Sec-WebSocket-Extensions")).as("not offered: %s", u.head).isNull();
                assertThat(u.read().text()).isEqualTo("hi");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S3 an upgrade check that throws (or returns null) answers 500 and the handler never sees the connection")
    void throwingCheckAnswers500(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        WebSockOptions throwing = WebSockOptions.builder().upgradeChecks(request -> {
            throw new IllegalStateException("check broke");
        }).build();
        WebSockOptions nothing = WebSockOptions.builder().upgradeChecks(request -> null).build();
        WebSockOptions fine = WebSockOptions.builder().upgradeChecks(request -> UpgradeDecision.permit()).build();
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/throws", handler, throwing));
            c.addEndpoint(ws.endpoint("/null", handler, nothing));
            c.addEndpoint(ws.endpoint("/fine", handler, fine));
        })) {
            for (String path : List.of("/throws", "/null")) {
                try (RawUpgrade u = RawUpgrade.get(server.port(), path)) {
                    if (kind == TOMCAT) {
                        assertThat(u.status).as(path + ": " + u.head).isEqualTo(500);
                        assertThat(u.body).isEqualTo("upgrade check failed");
                    } else {
                        assertRefusedAfterUpgrade(u, "500 upgrade check failed");
                    }
                }
            }
            assertThat(handler.recorder.opened).isEmpty();
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/fine")) {
                assertThat(u.status).as(u.head).isEqualTo(101);
            }
        }
        assertThat(logged.records).filteredOn(r -> r.getLevel() == Level.WARNING && message(r).contains("threw"))
                .singleElement().satisfies(r -> assertThat(r.getThrown()).hasMessage("check broke"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("S21 an origin refusal logs exactly one line naming the origin (same-origin default and allow-list)")
    void originRefusalLogsOneLine(TestServer.Kind kind) throws Exception {
        Scripted handler = new Scripted();
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/same", handler));
            c.addEndpoint(ws.endpoint("/listed", handler, WebSockOptions.builder().allowedOrigins("https://allowed.example").build()));
        })) {
            int before = logged.records.size();
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/same", "Origin: http://evil.example")) {
                assertThat(u.status).as(u.head).isIn(403, 101); // 101 + close 1008 on Tyrus standalone (S21)
            }
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/listed", "Origin: https://other.example")) {
                assertThat(u.status).as(u.head).isEqualTo(403);
            }
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/listed", "Origin: https://allowed.example")) {
                assertThat(u.status).as(u.head).isEqualTo(101);
            }
            List<LogRecord> mine = logged.records.subList(before, logged.records.size());
            for (String origin : List.of("http://evil.example", "https://other.example")) {
                assertThat(mine).as("log records naming %s", origin)
                        .filteredOn(r -> message(r).contains("\"" + origin + "\""))
                        .singleElement()
                        .satisfies(r -> {
                            assertThat(r.getLevel()).isEqualTo(Level.INFO);
                            assertThat(message(r)).doesNotContain("\n").contains("refused");
                            assertThat(r.getThrown()).isNull();
                        });
            }
            assertThat(mine).as("an allowed origin logs nothing").noneMatch(r -> message(r).contains("\"https://allowed.example\""));
        }
    }

    private static String message(LogRecord r) {
        return new SimpleFormatter().formatMessage(r);
    }

    private static void assertRefusedAfterUpgrade(RawUpgrade u, String reasonPrefix) throws IOException {
        assertThat(u.status).as(u.head).isEqualTo(101);
        RawClient.Frame close = u.read();
        assertThat(close.opcode()).isEqualTo(RawClient.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1008);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8)).startsWith(reasonPrefix);
    }
}
