package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;

/**
 * A probe for topic buses (the websock-redis and websock-jms tests' nodes): the connection subscribes to the
 * comma-separated topics of its {@code {topics}} path parameter and says {@code ready}; a text
 * {@code pub <topic> <msg>} publishes {@code msg} (a String) and answers {@code local <n>}, the number of local
 * subscribers reached; every topic message is pushed as a text frame (a {@link Frame} unchanged). With
 * {@code millisPerInfo > 0} each message takes that long, so a flood fills the mailbox.
 */
public final class TopicsHandler implements WebSock<Connection> {
    private final WebSockServer websock;
    private final long millisPerInfo;

    /** {@code millisPerInfo}: how long each {@code handleInfo} takes on purpose (0: no delay). */
    public TopicsHandler(WebSockServer websock, long millisPerInfo) {
        this.websock = websock;
        this.millisPerInfo = millisPerInfo;
    }

    @Override
    public Result<Connection> init(Connection connection) {
        for (String topic : connection.handshake().pathParameter("topics").split(",")) {
            websock.topics().subscribe(connection, topic);
        }
        return Result.push(Frame.text("ready"), connection);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        String[] parts = ((Frame.Text) frame).text().split(" ", 3);
        if (parts[0].equals("pub")) {
            int local = websock.topics().publish(parts[1], parts[2]);
            return Result.push(Frame.text("local " + local), connection);
        }
        return Result.push(Frame.text("unknown " + parts[0]), connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        if (millisPerInfo > 0) {
            try {
                Thread.sleep(millisPerInfo); // a handler that is slow on purpose: its mailbox fills up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (message instanceof Frame f) {
            return Result.push(f, connection);
        }
        return Result.push(Frame.text(String.valueOf(message)), connection);
    }
}
