package io.websock.it.app;

import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockUpgrade;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * The servlet-side way in ({@link WebSockUpgrade}, the analogue of {@code WebSockAdapter.upgrade/4}):
 * upgrades {@code /servlet-upgrade/<room>} to a scripted handler that greets with the room. Where the
 * container cannot upgrade from a servlet, {@code upgrade} throws an {@link IllegalStateException}
 * naming the server and the fix; this servlet answers 500 with that message so the test can read it.
 */
@WebServlet("/servlet-upgrade/*")
public class UpgradeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Not a bean: created by the servlet for each upgrade. */
    static final class Upgraded extends ScriptedHandler {
        @Override
        public io.websock.Result<Integer> init(io.websock.Connection connection) {
            super.init(connection);
            return io.websock.Result.push(io.websock.Frame.text("room=" + connection.handshake().pathParameter("room")), 1);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String room = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        try {
            WebSockUpgrade.upgrade(request, response, new Upgraded(), WebSockOptions.DEFAULTS, Map.of("room", room));
        } catch (IllegalStateException e) {
            response.setStatus(500);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(String.valueOf(e.getMessage()));
        }
    }
}
