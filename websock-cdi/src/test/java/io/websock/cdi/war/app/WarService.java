package io.websock.cdi.war.app;

import io.websock.Connection;
import io.websock.Registry;
import io.websock.Topics;
import io.websock.jakarta.WebSockServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An application service, unrelated to any handler, that uses the injected WebSock server, registry and topics. */
@ApplicationScoped
public class WarService {

    @Inject
    WebSockServer websock;
    @Inject
    Registry registry;
    @Inject
    Topics topics;

    public String greet(String room) {
        return "welcome to " + room;
    }

    public int openConnections() {
        return websock.connectionCount();
    }

    public void join(Connection connection, String room) {
        topics.subscribe(connection, "room:" + room);
    }

    /** To every connection of the handler's path, whatever its room; returns how many it reached. */
    public int broadcastToAll(String message) {
        return registry.broadcast("/ws/{room}", message);
    }

    /** To the subscribers of one room's topic; returns how many it reached. */
    public int publishToRoom(String room, String message) {
        return topics.publish("room:" + room, message);
    }
}
