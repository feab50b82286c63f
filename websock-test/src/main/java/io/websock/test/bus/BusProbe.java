package io.websock.test.bus;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.jakarta.WebSockServer;

/**
 * The handler {@link TopicBusContract} puts on each server: the connection subscribes to the comma-separated
 * topics of its {@code {topics}} path parameter and says {@code ready}; a text {@code pub <topic> <msg>} publishes
 * {@code msg} (a String) and answers {@code local <n>}, the local subscribers reached; every topic message is
 * pushed as a text frame (a {@link Frame} unchanged). With {@code millisPerMessage > 0} each topic message takes
 * that long, so a flood fills the mailbox.
 */
final class BusProbe implements WebSock<Connection> {
    private final WebSockServer websock;
    private final long millisPerMessage;

    BusProbe(WebSockServer websock, long millisPerMessage) {
        this.websock = websock;
        this.millisPerMessage = millisPerMessage;
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
        if (parts.length == 3 && parts[0].equals("pub")) {
            int local = websock.topics().publish(parts[1], parts[2]);
            return Result.push(Frame.text("local " + local), connection);
        }
        return Result.push(Frame.text("unknown " + parts[0]), connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        if (millisPerMessage > 0) {
            try {
                Thread.sleep(millisPerMessage); // slow on purpose: the mailbox fills up
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
