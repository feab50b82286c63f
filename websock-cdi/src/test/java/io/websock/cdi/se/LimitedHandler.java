package io.websock.cdi.se;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import io.websock.cdi.probe.Probe;

import java.time.Duration;

/**
 * Options from the annotation (a 16-byte message limit, two subprotocols); "later" schedules an info
 * message, whose callback tells which thread (so which executor) ran it.
 */
@WebSockHandler(path = "/limited", maxMessageSize = "16", subprotocols = {"v2", "v1"}, timeout = "1m")
public class LimitedHandler implements WebSock<Connection> {

    @Override
    public Result<Connection> init(Connection connection) {
        return Result.push(Frame.text("subprotocol " + connection.handshake().subprotocol()), connection);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        if (frame instanceof Frame.Text text && text.text().equals("later")) {
            // Delivered from the timer thread while the connection is idle: the executor runs it.
            connection.sendAfter("later", Duration.ofMillis(50));
            return Result.ok(connection);
        }
        return Result.push(frame, connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        return Result.push(Frame.text("info on " + Thread.currentThread().getName()), connection);
    }

    @Override
    public void terminate(CloseReason reason, Connection connection) {
        Probe.event("limited.terminate:" + reason);
    }
}
