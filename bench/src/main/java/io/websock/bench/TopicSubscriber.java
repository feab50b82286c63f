package io.websock.bench;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.jakarta.WebSockServer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscriber side of {@link TopicFanout}: the connection subscribes to the topic of its {@code {topic}} path
 * parameter, and every topic message (a pre-encoded {@link Frame}) is pushed to the client unchanged. Counts the
 * connections that are subscribed ({@link #ready}) and those that ended ({@link #ended}).
 */
final class TopicSubscriber implements WebSock<Connection> {

    final AtomicInteger ready = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    private final WebSockServer websock;

    TopicSubscriber(WebSockServer websock) {
        this.websock = websock;
    }

    @Override
    public Result<Connection> init(Connection connection) {
        websock.topics().subscribe(connection, connection.handshake().pathParameter("topic"));
        ready.incrementAndGet();
        return Result.ok(connection);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        return Result.ok(connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        return Result.push((Frame) message, connection);
    }

    @Override
    public void terminate(CloseReason reason, Connection connection) {
        ended.incrementAndGet();
    }
}
