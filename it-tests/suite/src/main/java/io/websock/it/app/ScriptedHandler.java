package io.websock.it.app;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSock;
import io.websock.jakarta.WebSockServer;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler the test drives by text: every text frame, every info message and the {@code init} query
 * parameter is a command ({@code "stop-code 4001 bye"}, {@code "infos 100"}, …) whose result form the test
 * then observes from the client side. Anything that is not a command is echoed. The state is the number of
 * callbacks so far, so a test can see it threaded from call to call.
 *
 * <p>Every callback also checks the process invariants and writes a violation to the {@link EventLog}: two
 * callbacks of this connection at once ({@code OVERLAP}) or a callback after {@code terminate}
 * ({@code AFTER-TERMINATE}). Subclasses differ only in their {@code @WebSockHandler} options.
 */
public abstract class ScriptedHandler implements WebSock<Integer> {

    @Inject
    WebSockServer server;

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean terminated = new AtomicBoolean();
    protected Connection conn;
    protected EventLog log;

    @Override
    public Result<Integer> init(Connection connection) {
        conn = connection;
        log = EventLog.of(connection.handshake());
        enter("init");
        try {
            log.line("init");
            String command = connection.handshake().queryParameter("init");
            return command == null ? Result.ok(1) : run(command, 0);
        } finally {
            exit();
        }
    }

    @Override
    public Result<Integer> handleIn(Frame.Data frame, Integer calls) {
        enter("handleIn");
        try {
            if (frame instanceof Frame.Text t) {
                return run(t.text(), calls);
            }
            return Result.push(frame, calls + 1);
        } finally {
            exit();
        }
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer calls) {
        enter("handleInfo");
        try {
            return run(message.toString(), calls);
        } finally {
            exit();
        }
    }

    @Override
    public void terminate(CloseReason reason, Integer calls) {
        enter("terminate");
        try {
            if (!terminated.compareAndSet(false, true)) {
                log.line("TERMINATE-TWICE");
            }
            log.line("terminate " + EventLog.describe(reason));
            if (reason instanceof CloseReason.Remote r) {
                log.line("remote-reason " + r.reason()); // the peer's close text (S13)
            }
            if (reason instanceof CloseReason.Error e && e.cause() instanceof Throwable t) {
                log.line("cause " + t + " at " + java.util.Arrays.stream(t.getStackTrace())
                        .filter(f -> f.getClassName().startsWith("io.websock.it")).findFirst().orElse(null));
            }
        } finally {
            exit();
        }
    }

    /** Marks a callback's start; records the invariant it would break. */
    protected final void enter(String callback) {
        if (active.incrementAndGet() != 1) {
            log.line("OVERLAP " + callback);
        }
        if (terminated.get()) {
            log.line("AFTER-TERMINATE " + callback);
        }
    }

    protected final void exit() {
        active.decrementAndGet();
    }

    /** Runs one command; the state after it is {@code calls + 1}. */
    protected Result<Integer> run(String command, int calls) {
        int next = calls + 1;
        String[] w = command.split(" ", 3);
        String arg1 = w.length > 1 ? w[1] : "";
        String rest = w.length > 2 ? w[2] : "";
        switch (w[0]) {
            case "ok":
                return Result.ok(next);
            case "text":
                return Result.push(Frame.text(command.substring(5)), next);
            case "binary":
                return Result.push(Frame.binary(new byte[]{1, 2, 3}), next);
            case "ping":
                return Result.push(Frame.ping("p".getBytes(StandardCharsets.UTF_8)), next);
            case "pong":
                return Result.push(Frame.pong("q".getBytes(StandardCharsets.UTF_8)), next);
            case "list":
                return Result.push(List.of(Frame.text("a"), Frame.binary(new byte[]{9}), Frame.text("b"),
                        Frame.ping("p".getBytes(StandardCharsets.UTF_8)), Frame.text("c")), next);
            case "reply":
                return Result.reply("ok", Frame.text("replied"), next);
            case "count":
                return Result.push(Frame.text("count=" + next), next);
            case "stop":
                return switch (arg1) {
                    case "normal" -> Result.stop(StopReason.NORMAL, next);
                    case "restart" -> Result.stop(StopReason.RESTART, next);
                    case "disconnected" -> Result.stop(StopReason.DISCONNECTED, next);
                    default -> Result.stop("scripted " + arg1, next);
                };
            case "stop-code":
                CloseDetail detail = rest.isEmpty() ? CloseDetail.of(Integer.parseInt(arg1))
                        : CloseDetail.of(Integer.parseInt(arg1), rest);
                return Result.stop(StopReason.NORMAL, detail, next);
            case "stop-frames":
                return Result.stop(StopReason.NORMAL, CloseDetail.of(4003, "after frames"),
                        List.of(Frame.text("last 1"), Frame.text("last 2")), next);
            case "throw":
                throw new IllegalStateException("scripted failure");
            case "info":
                String forward = command.substring(5);
                new Thread(() -> conn.send(forward), "it-info").start();
                return Result.ok(next);
            case "infos":
                int n = Integer.parseInt(arg1);
                new Thread(() -> {
                    for (int i = 0; i < n; i++) {
                        conn.send("text seq " + i);
                    }
                }, "it-infos").start();
                return Result.ok(next);
            case "after":
                conn.sendAfter(rest, Duration.ofMillis(Long.parseLong(arg1)));
                return Result.ok(next);
            case "after-cancel":
                boolean cancelled = conn.sendAfter(rest, Duration.ofMillis(Long.parseLong(arg1))).cancel();
                return Result.push(Frame.text("cancelled=" + cancelled), next);
            case "overflow":
                for (int i = 0, m = Integer.parseInt(arg1); i < m; i++) {
                    conn.send("ok");
                }
                return Result.ok(next);
            case "flood":
                conn.send("flood-more");
                return Result.ok(next);
            case "flood-more":
                conn.send("flood-more");
                return Result.push(Frame.binary(new byte[64 * 1024]), next);
            case "drain":
                server.drain(10, Duration.ofMillis(10));
                return Result.ok(next);
            default:
                return Result.push(Frame.text(command), next);
        }
    }
}
