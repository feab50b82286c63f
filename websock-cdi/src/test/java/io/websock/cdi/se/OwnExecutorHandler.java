package io.websock.cdi.se;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;

import java.time.Duration;

/** Names its own managed executor by JNDI name; "later" schedules an info message that tells its thread. */
@WebSockHandler(path = "/own-executor", executor = "java:app/concurrent/websock")
public class OwnExecutorHandler implements WebSock<Connection> {

    @Override
    public Result<Connection> init(Connection connection) {
        return Result.ok(connection);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        connection.sendAfter("later", Duration.ofMillis(50));
        return Result.ok(connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        return Result.push(Frame.text("info on " + Thread.currentThread().getName()), connection);
    }
}
