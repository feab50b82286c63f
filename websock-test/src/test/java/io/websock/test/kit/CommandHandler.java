package io.websock.test.kit;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSock;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The kit's test handler: echoes text and binary messages, except these text commands:
 * {@code "push a b c"} pushes three texts, {@code "close <code> <reason>"} stops with that close,
 * {@code "ping <text>"} pushes a ping, {@code "silent"} pushes nothing. Records what {@code terminate} got.
 */
public final class CommandHandler implements WebSock<Integer> {

    /** What terminate got, in order, across connections. */
    public final Queue<CloseReason> terminations = new ConcurrentLinkedQueue<>();

    @Override
    public Result<Integer> init(Connection connection) {
        return Result.ok(0);
    }

    @Override
    public Result<Integer> handleIn(Frame.Data frame, Integer n) {
        if (frame instanceof Frame.Text t) {
            String text = t.text();
            if (text.startsWith("push ")) {
                return Result.push(List.of(text.substring(5).split(" ")).stream().map(Frame::text).toList(), n + 1);
            }
            if (text.startsWith("close ")) {
                String[] parts = text.split(" ", 3);
                return Result.stop(StopReason.NORMAL, CloseDetail.of(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : ""), n + 1);
            }
            if (text.startsWith("ping ")) {
                return Result.push(Frame.ping(text.substring(5).getBytes(java.nio.charset.StandardCharsets.UTF_8)), n + 1);
            }
            if (text.equals("silent")) {
                return Result.ok(n + 1);
            }
        }
        return Result.push(frame, n + 1);
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer n) {
        return Result.push(Frame.text(String.valueOf(message)), n);
    }

    @Override
    public void terminate(CloseReason reason, Integer n) {
        terminations.add(reason);
    }
}
