package io.websock.examples.chat;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One chat connection at {@code /chat/{room}?user=<name>}: one handler instance for all connections,
 * each connection's data in its {@link Member} state.
 *
 * <ul>
 *   <li><b>Rooms are topics.</b> {@code init} subscribes the connection to {@code room:<name>}; a message
 *       is published there once, pre-encoded as a {@link Frame.Text}, and every member's
 *       {@link #handleInfo} pushes that same frame (the sender too, so everyone sees one order).</li>
 *   <li><b>Presence is kept fresh by a timer.</b> Each connection asks for a {@link Tick} every
 *       {@link ChatSettings#presenceInterval()} with {@link Connection#sendAfter}; on each tick it reads
 *       the room's roster from {@link Rooms} and pushes it only if it changed. A departure is therefore
 *       seen by everyone within one interval, and a room where people come and go sends at most one
 *       presence frame per member per interval, however busy it is. The bridge cancels the pending timer
 *       when the connection ends.</li>
 *   <li><b>Typing indicator</b> — the info channel: "typing" from the page becomes a {@link Typing}
 *       message published to the room; every other member's {@code handleInfo} turns it into a frame.</li>
 *   <li><b>On several servers</b> ({@code -Dchat.redis=redis://…}, see {@link ChatBus}) the room topics span
 *       them; each member also publishes a {@link Here} on its presence tick, so the other servers list it
 *       (and forget it a few intervals after its last one).</li>
 *   <li>{@link RequireUser} has already refused upgrades without a user name (401) or with a bad one (403).</li>
 * </ul>
 *
 * <p>Protocol (JSON text frames). From the page: {@code {"type":"say","text":…}}, {@code {"type":"typing"}}.
 * To the page: {@code welcome} (user, room, presenceIntervalMs), {@code presence} (users), {@code say}
 * (user, text, at), {@code typing} (user), {@code error} (message).
 */
@ApplicationScoped
@WebSockHandler(path = ChatHandler.PATH, maxMessageSize = "16K")
public class ChatHandler implements WebSock<ChatHandler.Member> {

    /** The endpoint's path template. */
    public static final String PATH = "/chat/{room}";
    /** Longest chat message accepted, in characters. */
    public static final int MAX_TEXT = 2000;

    private static final System.Logger LOG = System.getLogger(ChatHandler.class.getName());

    /**
     * The state of one connection.
     *
     * @param conn  the connection, to re-arm its presence timer
     * @param room  the room (path parameter)
     * @param user  the user name the upgrade check accepted
     * @param shown the presence list this connection's page shows now
     */
    public record Member(Connection conn, String room, String user, List<String> shown) {
        Member showing(List<String> roster) {
            return new Member(conn, room, user, roster);
        }

        String topic() {
            return "room:" + room;
        }
    }

    /** Info message: refresh the presence list (sent to itself by each connection, every interval). */
    public enum Tick { PRESENCE }

    /**
     * Info message published to a room when {@code user} types; {@code from} is the typing connection's id,
     * so it does not tell itself.
     */
    public record Typing(String from, String user) {
    }

    /**
     * Info message published to a room by each member on its presence tick when rooms span servers
     * ({@code chat.redis}): {@code user} is in the room on server {@code node}. Other servers list the user for
     * a few intervals after each one.
     */
    public record Here(String node, String user) {
    }

    @Inject
    Topics topics;
    @Inject
    Rooms rooms;
    @Inject
    ChatSettings settings;

    @Override
    public Result<Member> init(Connection conn) {
        String room = conn.handshake().pathParameter("room");
        String user = conn.handshake().attribute(RequireUser.USER);
        rooms.join(room, conn.id(), user);
        Member me = new Member(conn, room, user, rooms.roster(room));
        topics.subscribe(conn, me.topic());
        conn.sendAfter(Tick.PRESENCE, settings.presenceInterval());
        LOG.log(System.Logger.Level.INFO, "chat: {0} joined {1} (connection {2})", user, room, conn.id());
        return Result.push(List.of(
                Frame.text(Json.object("type", "welcome", "user", user, "room", room,
                        "presenceIntervalMs", settings.presenceInterval().toMillis())),
                presence(me.shown())), me);
    }

    @Override
    public Result<Member> handleIn(Frame.Data frame, Member me) {
        if (!(frame instanceof Frame.Text text)) {
            return Result.stop(StopReason.NORMAL, CloseDetail.of(1003, "text frames only"), me);
        }
        Map<String, String> message;
        try {
            message = Json.parseFlat(text.text());
        } catch (IllegalArgumentException bad) {
            return Result.push(error("not a JSON object of strings: " + bad.getMessage()), me);
        }
        String type = String.valueOf(message.get("type"));
        switch (type) {
            case "say" -> {
                String said = message.getOrDefault("text", "").strip();
                if (said.length() > MAX_TEXT) {
                    return Result.push(error("a message is at most " + MAX_TEXT + " characters"), me);
                }
                if (!said.isEmpty()) {
                    topics.publish(me.topic(), Frame.text(Json.object("type", "say", "user", me.user(), "text", said,
                            "at", Instant.now().toString())));
                }
                return Result.ok(me);
            }
            case "typing" -> {
                topics.publish(me.topic(), new Typing(me.conn().id(), me.user()));
                return Result.ok(me);
            }
            default -> {
                return Result.push(error("unknown message type " + type), me);
            }
        }
    }

    @Override
    public Result<Member> handleInfo(Object message, Member me) {
        if (message instanceof Frame frame) {                   // a chat line published to the room
            return Result.push(frame, me);
        }
        if (message instanceof Typing typing) {
            return typing.from().equals(me.conn().id())
                    ? Result.ok(me)
                    : Result.push(Frame.text(Json.object("type", "typing", "user", typing.user())), me);
        }
        if (message instanceof Here here) {
            rooms.seen(me.room(), here, settings.presenceInterval().multipliedBy(3));
            return Result.ok(me);
        }
        if (message == Tick.PRESENCE) {
            me.conn().sendAfter(Tick.PRESENCE, settings.presenceInterval());
            if (ChatBus.distributed()) {
                topics.publish(me.topic(), new Here(rooms.node(), me.user()));
            }
            List<String> roster = rooms.roster(me.room());
            return roster.equals(me.shown()) ? Result.ok(me) : Result.push(presence(roster), me.showing(roster));
        }
        LOG.log(System.Logger.Level.WARNING, "chat: unexpected info message {0}", message);
        return Result.ok(me);
    }

    @Override
    public void terminate(CloseReason reason, Member me) {
        rooms.leave(me.room(), me.conn().id());
        LOG.log(System.Logger.Level.INFO, "chat: {0} left {1} (connection {2}): terminate({3})",
                me.user(), me.room(), me.conn().id(), describe(reason));
    }

    private static Frame presence(List<String> users) {
        return Frame.text(Json.object("type", "presence", "users", users));
    }

    private static Frame error(String message) {
        return Frame.text(Json.object("type", "error", "message", message));
    }

    /** {@code Shutdown}, {@code Remote(1001, "")}, {@code Error(…)}: the reason as a person reads it in the log. */
    static String describe(CloseReason reason) {
        if (reason instanceof CloseReason.Remote remote) {
            return "Remote(" + remote.code() + (remote.reason().isEmpty() ? "" : ", \"" + remote.reason() + "\"") + ")";
        }
        if (reason instanceof CloseReason.Error error) {
            return "Error(" + error.cause() + ")";
        }
        return reason.getClass().getSimpleName();
    }
}
