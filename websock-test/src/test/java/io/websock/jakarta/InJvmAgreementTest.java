package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Frame;
import io.websock.WebSockOptions;
import io.websock.test.InJvmConnection;
import io.websock.test.InJvmServer;
import io.websock.test.ScriptHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agreement proof: one scripted conversation per case — every result form, every stop reason,
 * exceptions in each callback, the size and mailbox limits, peer closes, a dropped connection, idle timeout
 * with auto-ping — played once through the in-JVM driver and once over TCP against embedded Tomcat with a raw
 * client (which, like the driver's peer, never answers pings by itself). Frames, the bridge's close frame
 * and what {@code terminate} heard must be equal both ways.
 */
class InJvmAgreementTest {

    private static final WebSockOptions SCRIPT = WebSockOptions.builder().maxMessageSize(100).mailboxLimit(5)
            .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
    /** One auto-ping at 0.6 s, idle timeout at 1 s: 400 ms between them, plenty on a loaded machine. */
    private static final WebSockOptions IDLE = WebSockOptions.builder().timeout(Duration.ofSeconds(1))
            .pingInterval(Duration.ofMillis(600)).build();
    private static final String SYNC = "__sync__";

    private static final ScriptHandler REAL_HANDLER = new ScriptHandler();
    private static TestServer tomcat;

    sealed interface Step {
    }

    record Text(String text) implements Step {
    }

    record Binary(byte[] data) implements Step {
    }

    record TextParts(String... parts) implements Step {
    }

    record Ping(String payload) implements Step {
    }

    record Pong(String payload) implements Step {
    }

    /**
     * The peer closes with this code (and no reason: the raw client sends none). Last step. Both sides first
     * read what the earlier steps caused: a peer that closes while frames are still being written loses them
     * on a container (it closes the session when it answers the close), which is a race, not a behaviour.
     */
    record Close(int code) implements Step {
    }

    /** The peer's TCP connection is lost. Last step. */
    record Drop() implements Step {
    }

    /** Time passes: the driver advances its clock; the real client just keeps reading. Last step. */
    record Wait(Duration duration) implements Step {
    }

    record Scenario(String name, String path, String init, List<Step> steps) {
        WebSockOptions options() {
            return path.equals("/idle") ? IDLE : SCRIPT;
        }

        Step last() {
            return steps.isEmpty() ? null : steps.get(steps.size() - 1);
        }
    }

    /** What one side observed: frames written by the bridge, its close frame, what terminate heard (each call). */
    record Outcome(List<String> frames, String close, List<String> terminate) {
    }

    static List<Scenario> scenarios() {
        String big = "echo:" + "x".repeat(96); // 101 bytes
        return List.of(
                new Scenario("S4 init pushes, then echo and a normal stop", "/script", "push",
                        List.of(new Text("echo:one"), new Text("stop:normal"))),
                new Scenario("S4 init stops normally", "/script", "stop", List.of()),
                new Scenario("S4 init stops with frames and 4000 with text", "/script", "stop4000", List.of()),
                new Scenario("S7 init throws", "/script", "throw", List.of()),
                new Scenario("S5/S6 every result form of handleIn and handleInfo, then stop with frames", "/script", null,
                        List.of(new Text("echo:hi"), new Text("list"), new Text("reply"), new Text("ok"),
                                new Text("count"), new Text("ping"), new Text("pong"), new Binary(new byte[]{5, 6}),
                                new Text("info:x"), new Text("stop:frames"))),
                new Scenario("S5 stop RESTART", "/script", null, List.of(new Text("stop:restart"))),
                new Scenario("S5 stop DISCONNECTED", "/script", null, List.of(new Text("stop:disconnected"))),
                new Scenario("S5 stop with an error reason", "/script", null, List.of(new Text("stop:error"))),
                new Scenario("S5 stop with 4001 without text", "/script", null, List.of(new Text("stop:4001"))),
                new Scenario("S5 stop with an error reason and 4002 with text", "/script", null, List.of(new Text("stop:4002"))),
                new Scenario("S7 handleIn throws", "/script", null, List.of(new Text("echo:a"), new Text("throw"))),
                new Scenario("S7 handleInfo throws", "/script", null, List.of(new Text("info:throw"))),
                new Scenario("S5/S8 pong to handleControl, ping answered by the container", "/script", null,
                        List.of(new Pong("p"), new Ping("q"), new Text("stop:normal"))),
                new Scenario("S9 fragmented text", "/script", null,
                        List.of(new TextParts("ec", "ho:", "whole"), new Text("stop:normal"))),
                new Scenario("S11 over maxMessageSize", "/script", null, List.of(new Text("echo:ok"), new Text(big))),
                new Scenario("S19 at the mailbox limit", "/script", null, List.of(new Text("flood:5"), new Text("stop:normal"))),
                new Scenario("S19 mailbox overflow", "/script", null, List.of(new Text("flood:6"))),
                new Scenario("S13 peer closes 1000", "/script", null, List.of(new Text("echo:a"), new Close(1000))),
                new Scenario("S13 peer closes 1001", "/script", null, List.of(new Close(1001))),
                new Scenario("S13 peer closes 3000", "/script", null, List.of(new Close(3000))),
                new Scenario("S13 peer closes 4999", "/script", null, List.of(new Text("list"), new Close(4999))),
                new Scenario("S14 TCP dropped", "/script", null, List.of(new Text("echo:a"), new Drop())),
                new Scenario("S15 auto-ping, then idle timeout", "/idle", null, List.of(new Wait(Duration.ofSeconds(1)))));
    }

    @BeforeAll
    static void startTomcat() throws Exception {
        tomcat = TestServer.start(TestServer.Kind.TOMCAT, (websock, container) -> {
            container.addEndpoint(websock.endpoint("/script", REAL_HANDLER, SCRIPT));
            container.addEndpoint(websock.endpoint("/idle", REAL_HANDLER, IDLE));
        });
    }

    @AfterAll
    static void stopTomcat() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> sameOutcomeInJvmAndOnTomcat() {
        return scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            Outcome inJvm = inJvm(s);
            Outcome real = onTomcat(s);
            assertThat(inJvm).as("%s: in-JVM vs Tomcat", s.name()).isEqualTo(real);
            assertThat(inJvm.terminate()).as("terminate at most once").hasSizeLessThanOrEqualTo(1);
            assertThat(!real.close().equals("none") || !real.terminate().isEmpty())
                    .as("%s ends the connection: %s", s.name(), real).isTrue();
        }));
    }

    // ---------------------------------------------------------------- in-JVM

    private static Outcome inJvm(Scenario s) {
        ScriptHandler handler = new ScriptHandler();
        try (InJvmServer server = InJvmServer.start()) {
            InJvmServer.Upgrade upgrade = server.upgrade(s.path()).options(s.options());
            if (s.init() != null) {
                upgrade.query("init", s.init());
            }
            InJvmConnection ws = upgrade.connect(handler);
            List<String> synced = new ArrayList<>();
            for (Step step : s.steps()) {
                if (step instanceof Text t) {
                    ws.sendText(t.text());
                } else if (step instanceof Binary b) {
                    ws.sendBinary(b.data());
                } else if (step instanceof TextParts p) {
                    ws.sendTextInParts(p.parts());
                } else if (step instanceof Ping p) {
                    ws.sendPing(bytes(p.payload()));
                } else if (step instanceof Pong p) {
                    ws.sendPong(bytes(p.payload()));
                } else if (step instanceof Close c) {
                    ws.sendText("echo:" + SYNC); // as the real client does before closing
                    ws.close(c.code(), "");
                } else if (step instanceof Drop) {
                    ws.sendText("echo:" + SYNC); // as the real client does before dropping
                    ws.drop();
                } else if (step instanceof Wait w) {
                    server.advance(w.duration());
                }
            }
            List<String> frames = new ArrayList<>();
            for (Frame f : ws.frames()) {
                String d = describe(f);
                if (!d.equals("text:" + SYNC)) {
                    frames.add(d);
                }
            }
            String close = s.last() instanceof Close ? "peer" : s.last() instanceof Drop ? "none"
                    : ws.closeFrame().map(c -> c.code() + " " + c.reason()).orElse("none");
            List<String> terminated = new ArrayList<>();
            handler.terminated.forEach(r -> terminated.add(describe(r)));
            return new Outcome(frames, close, terminated);
        }
    }

    // ---------------------------------------------------------------- Tomcat

    private static Outcome onTomcat(Scenario s) throws IOException {
        REAL_HANDLER.terminated.clear();
        List<String> frames = new ArrayList<>();
        String close = "none";
        try (RawClient raw = RawClient.connect(tomcat.uri(s.path() + (s.init() == null ? "" : "?init=" + s.init())))) {
            for (Step step : s.steps()) {
                if (step instanceof Text t) {
                    raw.text(t.text());
                } else if (step instanceof Binary b) {
                    raw.send(true, RawClient.BINARY, b.data());
                } else if (step instanceof TextParts p) {
                    for (int i = 0; i < p.parts().length; i++) {
                        raw.send(i == p.parts().length - 1, i == 0 ? RawClient.TEXT : RawClient.CONTINUATION, bytes(p.parts()[i]));
                    }
                } else if (step instanceof Ping p) {
                    raw.send(true, RawClient.PING, bytes(p.payload()));
                } else if (step instanceof Pong p) {
                    raw.send(true, RawClient.PONG, bytes(p.payload()));
                } else if (step instanceof Close c) {
                    sync(raw, frames);
                    raw.close(c.code());
                } else if (step instanceof Drop) {
                    sync(raw, frames);
                    raw.drop();
                }
            }
            if (!(s.last() instanceof Drop)) {
                for (RawClient.Frame f = raw.read(); ; f = raw.read()) {
                    if (f.opcode() == RawClient.CLOSE) {
                        close = s.last() instanceof Close ? "peer"
                                : f.closeCode() + " " + new String(f.payload(), 2, f.payload().length - 2, StandardCharsets.UTF_8);
                        break;
                    }
                    frames.add(describe(f));
                }
            }
        }
        // terminate has run (or never will) once the connection has left the server.
        await().atMost(Duration.ofSeconds(10)).until(() -> tomcat.websock().connectionCount() == 0);
        List<String> terminated = new ArrayList<>();
        REAL_HANDLER.terminated.forEach(r -> terminated.add(describe(r)));
        return new Outcome(frames, close, terminated);
    }

    /** Reads everything the earlier steps caused (up to the echo of a marker) before the connection goes. */
    private static void sync(RawClient raw, List<String> frames) throws IOException {
        raw.text("echo:" + SYNC);
        for (RawClient.Frame f = raw.read(); !(f.opcode() == RawClient.TEXT && f.text().equals(SYNC)); f = raw.read()) {
            frames.add(describe(f));
        }
    }

    // ---------------------------------------------------------------- one description for both sides

    private static String describe(Frame f) {
        if (f instanceof Frame.Text t) {
            return "text:" + t.text();
        }
        if (f instanceof Frame.Binary b) {
            return "binary:" + HexFormat.of().formatHex(b.bytes());
        }
        if (f instanceof Frame.Ping p) {
            return "ping:" + text(p.payload());
        }
        return "pong:" + text(((Frame.Pong) f).payload());
    }

    private static String describe(RawClient.Frame f) {
        return switch (f.opcode()) {
            case RawClient.TEXT -> "text:" + f.text();
            case RawClient.BINARY -> "binary:" + HexFormat.of().formatHex(f.payload());
            case RawClient.PING -> "ping:" + f.text();
            case RawClient.PONG -> "pong:" + f.text();
            default -> "opcode " + f.opcode() + (f.fin() ? "" : " (fragment)");
        };
    }

    private static String describe(CloseReason r) {
        if (r instanceof CloseReason.Error e && e.cause() instanceof Throwable t) {
            return "Error(" + t.getClass().getName() + ": " + t.getMessage() + ")";
        }
        return r.toString();
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
