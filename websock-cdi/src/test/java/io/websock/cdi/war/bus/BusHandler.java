package io.websock.cdi.war.bus;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import jakarta.inject.Inject;

/** Subscribes to "news"; what a client sends is published on "news" through the injected topics. */
@WebSockHandler("/news")
public class BusHandler implements WebSock<Connection> {

    @Inject
    Topics topics;

    @Override
    public Result<Connection> init(Connection connection) {
        topics.subscribe(connection, "news");
        return Result.ok(connection);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        int local = topics.publish("news", ((Frame.Text) frame).text());
        return Result.push(Frame.text("local " + local), connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        return Result.push(Frame.text("news: " + message), connection);
    }
}
