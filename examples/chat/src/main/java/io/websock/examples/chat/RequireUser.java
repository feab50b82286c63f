package io.websock.examples.chat;

import io.websock.UpgradeCheck;
import io.websock.UpgradeDecision;
import io.websock.UpgradeRequest;
import io.websock.cdi.UpgradeCheckFor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.regex.Pattern;

/**
 * The chat's upgrade check, run before the WebSocket upgrade: a user name ({@code ?user=…}) is required.
 * No name (or a blank one) → <b>401</b>; a name or room that is not 1–32 letters, digits, spaces, {@code .},
 * {@code _} or {@code -} (rooms: no spaces) → <b>403</b>. A permitted upgrade carries the name to
 * {@link ChatHandler#init} as the handshake attribute {@value #USER}.
 *
 * <p>A real application would authenticate here (a session, a signed token) instead of trusting the
 * name; the shape stays the same.
 */
@ApplicationScoped
@UpgradeCheckFor(ChatHandler.class)
public class RequireUser implements UpgradeCheck {

    /** The handshake attribute holding the checked user name. */
    public static final String USER = "chat.user";

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-][\\p{L}\\p{N} ._-]{0,31}");
    private static final Pattern ROOM = Pattern.compile("[\\p{L}\\p{N}._-]{1,32}");

    @Override
    public UpgradeDecision check(UpgradeRequest request) {
        String user = request.queryParameter("user");
        if (user == null || user.isBlank()) {
            return UpgradeDecision.reject(401, "a user name is required: add ?user=<name>")
                    .withHeader("WWW-Authenticate", "Name realm=\"websock chat\"");
        }
        user = user.strip();
        if (!NAME.matcher(user).matches()) {
            return UpgradeDecision.reject(403, "a user name is 1-32 letters, digits, spaces, '.', '_' or '-'");
        }
        String room = request.pathParameter("room");
        if (room == null || !ROOM.matcher(room).matches()) {
            return UpgradeDecision.reject(403, "a room name is 1-32 letters, digits, '.', '_' or '-'");
        }
        return UpgradeDecision.permit().withAttribute(USER, user);
    }
}
