package io.websock.it.app;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Registry;
import io.websock.Result;
import io.websock.Topics;
import io.websock.cdi.WebSockHandler;
import jakarta.inject.Inject;

/**
 * A room per path parameter, as a topic: {@code "say X"} publishes X to everyone in the room,
 * {@code "members"} answers how many connections the registry lists for this endpoint, and
 * {@code "everyone X"} broadcasts X through the registry to every connection of the endpoint.
 */
@WebSockHandler("/room/{room}")
public class RoomHandler extends ScriptedHandler {

    static final String PATH = "/room/{room}";

    @Inject
    Topics topics;

    @Inject
    Registry registry;

    private String room;

    @Override
    public Result<Integer> init(Connection connection) {
        Result<Integer> result = super.init(connection);
        room = connection.handshake().pathParameter("room");
        topics.subscribe(connection, "room:" + room);
        return result;
    }

    @Override
    protected Result<Integer> run(String command, int calls) {
        if (command.startsWith("say ")) {
            topics.publish("room:" + room, "text " + room + ": " + command.substring(4));
            return Result.ok(calls + 1);
        }
        if (command.equals("members")) {
            return Result.push(Frame.text("members=" + registry.connections(PATH).size()), calls + 1);
        }
        if (command.startsWith("everyone ")) {
            registry.broadcast(PATH, "text all: " + command.substring(9));
            return Result.ok(calls + 1);
        }
        return super.run(command, calls);
    }
}
