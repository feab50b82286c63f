package io.websock.test.cdi;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/** A {@code @Dependent} handler bean with injected dependencies, a request-scoped bean and topics. */
@WebSockHandler(path = "/greet/{name}", maxMessageSize = "16")
public class GreetHandler implements WebSock<Connection> {

    @Inject
    Greeter greeter;
    @Inject
    CallCounter counter;
    @Inject
    Topics topics;
    @Inject
    Lifecycle lifecycle;

    @Override
    public Result<Connection> init(Connection conn) {
        topics.subscribe(conn, "greetings");
        return Result.push(Frame.text(greeter.greet(conn.handshake().pathParameter("name"))), conn);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection conn) {
        String text = ((Frame.Text) frame).text();
        if (text.startsWith("pub:")) {
            topics.publish("greetings", text.substring(4));
            return Result.ok(conn);
        }
        counter.next();
        return Result.push(Frame.text(Integer.toString(counter.next())), conn);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection conn) {
        return Result.push(Frame.text("news:" + message), conn);
    }

    @PreDestroy
    void destroy() {
        lifecycle.destroyed();
    }
}
