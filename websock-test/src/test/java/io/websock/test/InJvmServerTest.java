package io.websock.test;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Fault;
import io.websock.Frame;
import io.websock.Result;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.websock.test.ScriptHandler.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-JVM driver: every effect visible when a call returns, the library's own semantics, a virtual clock. */
class InJvmServerTest {

    /** Small limits; no idle timeout or auto-ping, so that advancing the clock shows only the timers under test. */
    private static final WebSockOptions LIMITS = WebSockOptions.builder().maxMessageSize(100).mailboxLimit(5)
            .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();

    private final InJvmServer server = InJvmServer.start(LIMITS);
    private final ScriptHandler handler = new ScriptHandler();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("S4 init pushes are received right after connect; init stop closes before any frame is sent")
    void initResults() {
        server.upgrade("/").query("init", "push").connect(handler)
                .expectText("hello").expectBinary(new byte[]{1, 2}).expectNoFrame().expectOpen();

        InJvmConnection stopped = server.upgrade("/").query("init", "stop4000").connect(handler);
        stopped.expectText("last").expectClose(4000, "init says no").expectTerminated(new CloseReason.Error("refused"));
        assertThat(stopped.isOpen()).isFalse();
    }

    @Test
    @DisplayName("S7 init throws: close 1011, terminate never called")
    void initThrows() {
        InJvmConnection ws = server.upgrade("/").query("init", "throw").connect(handler);
        ws.expectClose(1011, "internal error");
        assertThat(ws.terminateCount()).isZero();
        assertThat(ws.isOpen()).isFalse();
    }

    @Test
    @DisplayName("S5/S6 push, list order, reply, ok and state threading")
    void resultForms() {
        InJvmConnection ws = server.connect(handler);
        ws.sendText("echo:hi").expectText("hi");
        ws.sendText("list").expectFrames(Frame.text("a"), Frame.binary(new byte[]{9}), Frame.text("c"));
        ws.sendText("reply").expectText("replied");
        ws.sendText("ok").expectNoFrame();
        ws.sendText("count").expectText("5");
        ws.sendText("ping").expectFrame(Frame.ping(bytes("hb")));
        ws.sendText("pong").expectFrame(Frame.pong(bytes("unsolicited")));
        ws.sendBinary(new byte[]{3, 4}).expectBinary(new byte[]{3, 4}).expectNoFrame().expectOpen();
        assertThat(ws.terminateCount()).isZero();
    }

    @Test
    @DisplayName("S4/S5 each stop form: its close code and what terminate hears")
    void stopForms() {
        record Case(String command, int code, String reason, CloseReason terminate) {
        }
        List<Case> cases = List.of(
                new Case("stop:normal", 1000, "", CloseReason.NORMAL),
                new Case("stop:disconnected", 1000, "", CloseReason.NORMAL),
                new Case("stop:restart", 1012, "", CloseReason.NORMAL),
                new Case("stop:error", 1011, "", new CloseReason.Error("boom")),
                new Case("stop:4001", 4001, "", CloseReason.NORMAL),
                new Case("stop:4002", 4002, "custom text", new CloseReason.Error("custom")));
        for (Case c : cases) {
            server.connect(handler).sendText(c.command()).expectClose(c.code(), c.reason()).expectTerminated(c.terminate());
        }
        server.connect(handler).sendText("stop:frames")
                .expectFrames(Frame.text("x"), Frame.binary(new byte[]{7}), Frame.text("y"))
                .expectClose(4003, "after frames").expectTerminated(CloseReason.NORMAL);
    }

    @Test
    @DisplayName("S7 a callback throws: close 1011, terminate(Error(exception)) once, nothing handled after")
    void callbackThrows() {
        InJvmConnection ws = server.connect(handler).sendText("throw");
        ws.expectClose(1011, "internal error");
        assertThat(ws.expectTerminatedWithError(IllegalStateException.class)).hasMessage("handleIn bug");
        ws.sendText("echo:after").expectNoFrame();
        assertThat(ws.terminateCount()).isOne();
        assertThat(ws.connection().send("x")).isFalse();

        InJvmConnection info = server.connect(handler).sendInfo("throw");
        info.expectClose(1011, "internal error");
        assertThat(info.expectTerminatedWithError(IllegalStateException.class)).hasMessage("handleInfo bug");
    }

    @Test
    @DisplayName("S5 info messages from the handler itself are handled after the current callback, in order")
    void infoOrder() {
        server.connect(handler).sendText("info:one").expectText("sent").expectText("info:one")
                .sendInfo("two").expectText("info:two").expectNoFrame();
    }

    @Test
    @DisplayName("S5/S8 pongs reach handleControl; a ping is answered by the container and never reaches the handler")
    void controlFrames() {
        InJvmConnection ws = server.connect(handler);
        ws.sendPong(bytes("p1")).expectText("pong:p1");
        ws.sendPing(bytes("x")).expectFrame(Frame.pong(bytes("x"))).expectNoFrame();
    }

    @Test
    @DisplayName("S9/S11 fragments make one message; over maxMessageSize: 1009, terminate(Error(MESSAGE_TOO_BIG))")
    void fragmentsAndLimit() {
        InJvmConnection ws = server.connect(handler);
        ws.sendTextInParts("ec", "ho:", "whole").expectText("whole");
        ws.sendBinaryInParts(new byte[]{1}, new byte[]{2}, new byte[]{3}).expectBinary(new byte[]{1, 2, 3});
        ws.sendText("echo:" + "x".repeat(95)).expectText("x".repeat(95)); // 100 bytes: the limit itself
        ws.sendText("echo:" + "x".repeat(96)).expectClose(1009, "message too big")
                .expectTerminated(new CloseReason.Error(Fault.MESSAGE_TOO_BIG));
    }

    @Test
    @DisplayName("S19 more than mailboxLimit pending info messages: 1013, terminate(Error(MAILBOX_OVERFLOW))")
    void mailboxOverflow() {
        server.connect(handler).sendText("flood:5").expectText("info:m0").expectText("info:m1").expectText("info:m2")
                .expectText("info:m3").expectText("info:m4").expectOpen();
        server.connect(handler).sendText("flood:6").expectClose(1013, "mailbox overflow")
                .expectTerminated(new CloseReason.Error(Fault.MAILBOX_OVERFLOW));
    }

    @Test
    @DisplayName("S13/S14 peer close codes and a dropped connection reach terminate; no close frame from the bridge")
    void peerEnds() {
        for (int code : new int[]{1000, 1001, 3000, 4999}) {
            InJvmConnection ws = server.connect(handler).close(code, "bye");
            ws.expectTerminated(new CloseReason.Remote(code, "bye"));
            assertThat(ws.closeFrame()).isEmpty();
            assertThat(ws.isOpen()).isFalse();
        }
        server.connect(handler).closeWithoutStatus().expectTerminated(new CloseReason.Remote(1000, ""));
        InJvmConnection dropped = server.connect(handler).drop();
        dropped.expectTerminated(new CloseReason.Error(Fault.CLOSED));
        dropped.sendText("echo:gone").expectNoFrame();
        assertThat(dropped.terminateCount()).isOne();
    }

    @Test
    @DisplayName("S15 virtual clock: auto-ping after 25 s, idle timeout 1000 at 60 s; a pong re-arms it")
    void idleTimeoutAndAutoPing() {
        InJvmServer defaults = InJvmServer.start();
        InJvmConnection ws = defaults.connect(handler);
        defaults.advance(Duration.ofSeconds(24));
        ws.expectNoFrame();
        defaults.advance(Duration.ofSeconds(6));
        ws.expectPing().expectNoFrame().expectOpen();
        ws.sendPong(new byte[0]).expectText("pong:");           // the answer: inbound traffic at 30 s
        defaults.advance(Duration.ofSeconds(59));               // 89 s: pings at 55 and 80, still within 60 s of the pong
        ws.expectPing().expectPing().expectOpen();
        defaults.advance(Duration.ofSeconds(1));                // 90 s: 60 s after the pong
        ws.expectClose(1000, "idle timeout").expectTerminated(CloseReason.TIMEOUT);
        assertThat(defaults.elapsed()).isEqualTo(Duration.ofSeconds(90));
        defaults.close();
    }

    @Test
    @DisplayName("S15 outbound pushes do not keep a connection alive")
    void pushesDoNotKeepAlive() {
        InJvmServer quiet = InJvmServer.start(WebSockOptions.builder().timeout(Duration.ofSeconds(10))
                .pingInterval(Duration.ZERO).build());
        InJvmConnection ws = quiet.connect(handler);
        quiet.advance(Duration.ofSeconds(5));
        ws.sendInfo("a").expectText("info:a");
        quiet.advance(Duration.ofSeconds(5));
        ws.expectClose(1000, "idle timeout").expectTerminated(CloseReason.TIMEOUT);
        quiet.close();
    }

    @Test
    @DisplayName("S20 sendAfter fires once when the clock reaches it; cancelled or after terminate: never")
    void sendAfter() {
        InJvmConnection ws = server.connect(handler).sendText("after:1500");
        server.advance(Duration.ofMillis(1499));
        ws.expectNoFrame();
        server.advance(Duration.ofMillis(1));
        ws.expectText("info:late");
        server.advance(Duration.ofHours(1));
        ws.expectNoFrame();

        Connection c = ws.connection();
        var cancelled = c.sendAfter("cancelled", Duration.ofSeconds(1));
        assertThat(cancelled.cancel()).isTrue();
        server.advance(Duration.ofSeconds(2));
        ws.expectNoFrame();

        ws.sendText("after:1000").sendText("stop:normal").expectClose(1000, "");
        server.advance(Duration.ofSeconds(5));
        assertThat(ws.frames()).containsOnlyOnce(Frame.text("info:late")); // the first timer's, never the second
        assertThat(ws.terminateCount()).isOne();

        InJvmConnection zero = server.connect(handler).sendText("after:0");
        zero.expectText("info:late");
    }

    @Test
    @DisplayName("S3 the described handshake reaches init: path parameters, query, headers, attributes, principal")
    void handshake() {
        List<Connection> seen = new ArrayList<>();
        WebSock<Object> probe = new WebSock<>() {
            @Override
            public Result<Object> init(Connection connection) {
                seen.add(connection);
                var h = connection.handshake();
                return Result.push(Frame.text(h.pathParameter("room") + "|" + h.queryParameter("name") + "|"
                        + h.header("x-token") + "|" + h.<String>attribute("user") + "|" + h.principal().getName()
                        + "|" + h.subprotocol() + "|" + h.requestUri()), 0);
            }

            @Override
            public Result<Object> handleIn(Frame.Data frame, Object state) {
                return Result.ok(state);
            }

            @Override
            public Result<Object> handleInfo(Object message, Object state) {
                return Result.ok(state);
            }
        };
        Principal alice = () -> "alice";
        server.upgrade("/rooms/{room}").pathParameter("room", "the lobby").query("name", "a&b").header("X-Token", "t1")
                .attribute("user", "u-1").principal(alice).subprotocol("chat.v1").connect(probe)
                .expectText("the lobby|a&b|t1|u-1|alice|chat.v1|ws://localhost/rooms/the%20lobby?name=a%26b");
        assertThat(seen.get(0).path()).isEqualTo("/rooms/{room}");
        assertThat(server.registry().connections("/rooms/{room}")).containsExactly(seen.get(0));

        assertThatThrownBy(() -> server.upgrade("/rooms/{room}").connect(probe))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{room}");
        assertThatThrownBy(() -> server.upgrade("/rooms").pathParameter("room", "x").connect(probe))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no parameter {room}");
        assertThatThrownBy(() -> server.upgrade("rooms")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rooms");
    }

    /** A tiny room handler: joins the topic in init, publishes what it receives, pushes what it is sent. */
    static final class Room implements WebSock<Connection> {
        private final Topics topics;

        Room(Topics topics) {
            this.topics = topics;
        }

        @Override
        public Result<Connection> init(Connection connection) {
            topics.subscribe(connection, "room:" + connection.handshake().pathParameter("room"));
            return Result.ok(connection);
        }

        @Override
        public Result<Connection> handleIn(Frame.Data frame, Connection c) {
            topics.publish("room:" + c.handshake().pathParameter("room"), ((Frame.Text) frame).text());
            return Result.ok(c);
        }

        @Override
        public Result<Connection> handleInfo(Object message, Connection c) {
            return Result.push(Frame.text(message.toString()), c);
        }
    }

    @Test
    @DisplayName("several connections on one server: publish and broadcast reach the others, and can be asserted")
    void topicsAndRegistry() {
        Room room = new Room(server.topics());
        InJvmConnection alice = server.upgrade("/rooms/{room}").pathParameter("room", "a").connect(room);
        InJvmConnection bob = server.upgrade("/rooms/{room}").pathParameter("room", "a").connect(room);
        InJvmConnection carol = server.upgrade("/rooms/{room}").pathParameter("room", "b").connect(room);

        alice.sendText("hi all");
        server.expectPublished("room:a", "hi all");
        alice.expectText("hi all");
        bob.expectText("hi all");
        carol.expectNoFrame();
        assertThat(server.topics().subscribers("room:a")).isEqualTo(2);

        assertThat(server.registry().broadcast("/rooms/{room}", "maintenance")).isEqualTo(3);
        alice.expectText("maintenance");
        bob.expectText("maintenance");
        carol.expectText("maintenance");

        bob.close(1000, "");
        assertThat(server.topics().subscribers("room:a")).isEqualTo(1);
        assertThat(server.registry().count()).isEqualTo(2);
        assertThatThrownBy(() -> server.expectPublished("room:a", "more"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("nothing more was published")
                .hasMessageContaining("[\"hi all\"]");
    }

    @Test
    @DisplayName("S16 shutdown: 1001 and terminate(Shutdown) for all; drain: 1012 in batches on the virtual clock")
    void shutdownAndDrain() {
        InJvmConnection a = server.connect(handler);
        InJvmConnection b = server.connect(handler);
        InJvmConnection c = server.connect(handler);
        server.drain(2, Duration.ofSeconds(1));
        long closed = List.of(a, b, c).stream().filter(ws -> !ws.isOpen()).count();
        assertThat(closed).isEqualTo(2);
        server.advance(Duration.ofSeconds(1));
        for (InJvmConnection ws : List.of(a, b, c)) {
            ws.expectClose(1012, "service restart").expectTerminated(CloseReason.SHUTDOWN);
        }
        assertThatThrownBy(() -> server.connect(handler)).isInstanceOf(IllegalStateException.class);

        InJvmServer other = InJvmServer.start();
        InJvmConnection d = other.connect(handler);
        other.shutdown();
        d.expectClose(1001, "server shutting down").expectTerminated(CloseReason.SHUTDOWN);
    }

    @Test
    @DisplayName("failed expectations say what was expected, what came instead and the connection's state")
    void failureMessages() {
        InJvmConnection ws = server.connect(handler).sendText("list");
        assertThatThrownBy(() -> ws.expectText("b")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected text \"b\", but the next frame was text \"a\"")
                .hasMessageContaining("unread: [text \"a\", binary 1 bytes [09], text \"c\"]")
                .hasMessageContaining("connection open, terminate was not called");
        ws.expectText("a");
        assertThatThrownBy(() -> ws.expectClose(1000, "")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("but first the bridge wrote [binary 1 bytes [09], text \"c\"]");
        ws.expectBinary(new byte[]{9}).expectText("c");
        assertThatThrownBy(() -> ws.expectTerminated(CloseReason.NORMAL)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("terminate was not called");
        ws.sendText("stop:4001");
        assertThatThrownBy(() -> ws.expectClose(4002, "x")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("it was 4001 \"\"");
        assertThat(ws.closeFrame()).contains(CloseDetail.of(4001));
    }
}
