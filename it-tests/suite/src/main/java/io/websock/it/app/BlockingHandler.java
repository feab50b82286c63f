package io.websock.it.app;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;

import java.time.Duration;

/**
 * {@code "block MS"} makes {@code handleInfo} — on the executor, the server's default managed executor —
 * sleep MS milliseconds, as a slow JDBC or REST call would, then push {@code "unblocked"} (SPEC §2.4).
 */
@WebSockHandler(path = "/blocking", timeout = "0", pingInterval = "0")
public class BlockingHandler implements WebSock<Connection> {

    @Override
    public Result<Connection> init(Connection connection) {
        return Result.ok(connection);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        if (frame instanceof Frame.Text text && text.text().startsWith("block ")) {
            // From a timer, after this run has ended: sent from here, the message would be handled by this
            // very run, inline on the container's read thread, not on the executor.
            connection.sendAfter(Long.valueOf(text.text().substring(6)), Duration.ofMillis(20));
        }
        return Result.ok(connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        try {
            Thread.sleep((Long) message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Result.push(Frame.text("unblocked"), connection);
    }
}
