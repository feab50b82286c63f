package io.websock.test;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A handler whose every behaviour is chosen by the peer: each text command exercises one result form, stop
 * reason or failure, so one script can be played in-JVM and against a real container and the outcomes
 * compared. {@code init} is chosen by the query parameter {@code init}. State: the connection and a counter.
 */
public final class ScriptHandler implements WebSock<ScriptHandler.State> {

    /** The handler's state: its connection and how many data messages it has handled. */
    public record State(Connection connection, int count) {
        State next() {
            return new State(connection, count + 1);
        }
    }

    /** Every {@code terminate} reason, in order (the handler may serve a real server's thread). */
    public final BlockingQueue<CloseReason> terminated = new LinkedBlockingQueue<>();

    @Override
    public Result<State> init(Connection connection) {
        State s = new State(connection, 0);
        String mode = connection.handshake().queryParameter("init");
        if (mode == null) {
            return Result.ok(s);
        }
        return switch (mode) {
            case "push" -> Result.push(List.of(Frame.text("hello"), Frame.binary(new byte[]{1, 2})), s);
            case "stop" -> Result.stop(StopReason.NORMAL, s);
            case "stop4000" -> Result.stop("refused", CloseDetail.of(4000, "init says no"), List.of(Frame.text("last")), s);
            case "throw" -> throw new IllegalStateException("init bug");
            default -> throw new IllegalArgumentException("unknown init mode " + mode);
        };
    }

    @Override
    public Result<State> handleIn(Frame.Data frame, State s) {
        if (frame instanceof Frame.Binary b) {
            return Result.push(Frame.binary(b.bytes()), s.next());
        }
        String cmd = ((Frame.Text) frame).text();
        String arg = cmd.indexOf(':') < 0 ? "" : cmd.substring(cmd.indexOf(':') + 1);
        String verb = cmd.indexOf(':') < 0 ? cmd : cmd.substring(0, cmd.indexOf(':'));
        State n = s.next();
        return switch (verb) {
            case "echo" -> Result.push(Frame.text(arg), n);
            case "count" -> Result.push(Frame.text(Integer.toString(n.count())), n);
            case "ok" -> Result.ok(n);
            case "list" -> Result.push(List.of(Frame.text("a"), Frame.binary(new byte[]{9}), Frame.text("c")), n);
            case "ping" -> Result.push(Frame.ping(bytes("hb")), n);
            case "pong" -> Result.push(Frame.pong(bytes("unsolicited")), n);
            case "reply" -> Result.reply("ref", List.of(Frame.text("replied")), n);
            case "info" -> {
                s.connection().send(arg);
                yield Result.push(Frame.text("sent"), n);
            }
            case "flood" -> {
                for (int i = 0; i < Integer.parseInt(arg); i++) {
                    s.connection().send("m" + i);
                }
                yield Result.ok(n);
            }
            case "after" -> {
                s.connection().sendAfter("late", Duration.ofMillis(Long.parseLong(arg)));
                yield Result.ok(n);
            }
            case "stop" -> switch (arg) {
                case "normal" -> Result.stop(StopReason.NORMAL, n);
                case "restart" -> Result.stop(StopReason.RESTART, n);
                case "disconnected" -> Result.stop(StopReason.DISCONNECTED, n);
                case "error" -> Result.stop("boom", n);
                case "4001" -> Result.stop(StopReason.NORMAL, CloseDetail.of(4001), n);
                case "4002" -> Result.stop("custom", CloseDetail.of(4002, "custom text"), n);
                case "frames" -> Result.stop(StopReason.NORMAL, CloseDetail.of(4003, "after frames"),
                        List.of(Frame.text("x"), Frame.binary(new byte[]{7}), Frame.text("y")), n);
                default -> throw new IllegalArgumentException("unknown stop " + arg);
            };
            case "throw" -> throw new IllegalStateException("handleIn bug");
            default -> Result.push(Frame.text("unknown:" + cmd), n);
        };
    }

    @Override
    public Result<State> handleControl(Frame.Control frame, State s) {
        byte[] payload = new byte[frame.payload().remaining()];
        frame.payload().get(payload);
        return Result.push(Frame.text("pong:" + new String(payload, StandardCharsets.UTF_8)), s);
    }

    @Override
    public Result<State> handleInfo(Object message, State s) {
        if ("throw".equals(message)) {
            throw new IllegalStateException("handleInfo bug");
        }
        return Result.push(Frame.text("info:" + message), s);
    }

    @Override
    public void terminate(CloseReason reason, State s) {
        terminated.add(reason);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
