package io.websock.cdi.war.app;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import io.websock.cdi.probe.Probe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/** The handler of the test WAR: @Dependent, injected, request-scoped bean used in every callback. */
@WebSockHandler("/ws/{room}")
public class WarHandler implements WebSock<Connection> {

    @Inject
    WarService service;
    @Inject
    WarRequest request;
    private int instance;

    @PostConstruct
    void created() {
        instance = Probe.nextId();
    }

    @PreDestroy
    void destroyed() {
        Probe.event("war.destroyed:" + instance);
    }

    @Override
    public Result<Connection> init(Connection connection) {
        Probe.event("war.init:" + instance + ":" + request.id());
        service.join(connection, connection.handshake().pathParameter("room"));
        return Result.push(Frame.text(service.greet(connection.handshake().pathParameter("room")) + " #" + instance),
                connection);
    }

    @Override
    public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
        Probe.event("war.in:" + instance + ":" + request.id());
        if (((Frame.Text) frame).text().equals("count")) {
            // The injected service, called from a thread no container or CDI implementation made.
            new Thread(() -> connection.send("count " + service.openConnections())).start();
            return Result.ok(connection);
        }
        if (((Frame.Text) frame).text().equals("fanout")) {
            // Registry and topics through the injected service, from a thread of no container.
            String room = connection.handshake().pathParameter("room");
            new Thread(() -> {
                int all = service.broadcastToAll("to all");
                int inRoom = service.publishToRoom(room, "to " + room);
                connection.send("reached " + all + "/" + inRoom);
            }).start();
            return Result.ok(connection);
        }
        return Result.push(frame, connection);
    }

    @Override
    public Result<Connection> handleControl(Frame.Control frame, Connection connection) {
        Probe.event("war.control:" + instance + ":" + request.id());
        return Result.push(Frame.text("pong seen"), connection);
    }

    @Override
    public Result<Connection> handleInfo(Object message, Connection connection) {
        Probe.event("war.info:" + instance + ":" + request.id());
        return Result.push(Frame.text(message.toString()), connection);
    }

    @Override
    public void terminate(CloseReason reason, Connection connection) {
        Probe.event("war.terminate:" + instance + ":" + request.id() + ":" + reason);
    }
}
