package io.websock.it.wildfly.jms;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import jakarta.inject.Inject;

/** Subscribes to the path's topic; {@code pub <text>} publishes the text there and answers {@code local <n>}. */
@WebSockHandler("/t/{topic}")
public class TopicsHandler implements WebSock<Connection> {

    @Inject
    Topics topics;

    @Override
    public Result<Connection> init(Connection connection) {
        topics.subscribe(connection, connection.handshake().pathParameter("topic"));
        return Result.push(Frame.text("ready"), connection);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        String text = ((Frame.Text) frame).text();
        int local = topics.publish(connection.handshake().pathParameter("topic"), Frame.text(text.substring(4)));
        return Result.push(Frame.text("local " + local), connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        return Result.push((Frame) message, connection);
    }
}
