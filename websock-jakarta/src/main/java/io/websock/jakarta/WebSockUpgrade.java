package io.websock.jakarta;

import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.spi.WebSockEvents;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * The servlet-side upgrade — the Java form of {@code WebSockAdapter.upgrade(conn, handler, state, opts)}:
 * from a servlet or filter, upgrade the current request to a handler, through
 * {@code ServerContainer.upgradeHttpToWebSocket} (Jakarta WebSocket 2.1).
 *
 * <pre>{@code
 * protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
 *     WebSockUpgrade.upgrade(req, resp, chatHandler, options, Map.of("room", req.getParameter("room")));
 * }
 * }</pre>
 *
 * <p>It applies the same policy as a path-registered endpoint, answering the request itself when it
 * refuses: early validation (400 with a one-line message), origin (403), subprotocols (403), then the
 * options' upgrade checks (their status, headers and body). The connection belongs to the application's
 * {@link WebSockServer#of(ServletContext)}, so undeploy and {@code drain} reach it too.
 *
 * <p>Guarantee: the call either upgrades (the response is a 101), answers the request with an error
 * status, or throws — never a silent 200. On Tyrus-based servers (GlassFish, Payara)
 * {@code upgradeHttpToWebSocket} returns without upgrading unless the path is also registered with
 * {@code ServerContainer.addEndpoint}; this is detected and reported with an {@link IllegalStateException}
 * naming the server and the fix.
 */
public final class WebSockUpgrade {

    private static final String SERVER_CONTAINER = ServerContainer.class.getName();

    private WebSockUpgrade() {
    }

    /** As {@link #upgrade(HttpServletRequest, HttpServletResponse, WebSock, WebSockOptions, Map)} with no path parameters. */
    public static boolean upgrade(HttpServletRequest request, HttpServletResponse response, WebSock<?> handler,
                                  WebSockOptions options) throws IOException, ServletException {
        return upgrade(request, response, handler, options, Map.of());
    }

    /**
     * Upgrades the current request to a WebSocket connection served by {@code handler}.
     *
     * @param pathParameters what {@code conn.handshake().pathParameters()} returns
     * @return true when the request is upgraded (101; the connection opens when the servlet returns);
     *         false when it was answered with an error status instead (by the policy, a check, or the container)
     * @throws IllegalStateException if the context has no WebSocket container, or the container returned
     *                               without upgrading and without answering (Tyrus-based servers, see above)
     */
    public static boolean upgrade(HttpServletRequest request, HttpServletResponse response, WebSock<?> handler,
                                  WebSockOptions options, Map<String, String> pathParameters)
            throws IOException, ServletException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(handler, "handler must not be null");
        Objects.requireNonNull(options, "options must not be null (use WebSockOptions.DEFAULTS)");
        Objects.requireNonNull(pathParameters, "pathParameters must not be null (use Map.of())");
        ServletContext context = request.getServletContext();
        if (!(context.getAttribute(SERVER_CONTAINER) instanceof ServerContainer container)) {
            throw new IllegalStateException("websock: " + context.getServerInfo() + " offers no "
                    + SERVER_CONTAINER + " in the servlet context; enable its WebSocket support to upgrade requests");
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.isEmpty()) {
            path = "/";
        }
        WebSockServer server = ServletHooks.serverOf(context, true);
        UpgradePolicy policy = new UpgradePolicy(path, options);
        WebSockEvents events = server.events();
        UpgradePolicy.Outcome outcome = UpgradePolicy.reported(events, mappingPattern(request, path),
                events == null ? 0 : System.nanoTime(), policy.decideServlet(request, pathParameters));
        if (outcome instanceof UpgradePolicy.Refuse refuse) {
            UpgradePolicy.write(response, refuse);
            return false;
        }
        Admission admission = outcome instanceof UpgradePolicy.Admit admit ? admit.admission()
                : new Admission(path, Map.of(), Map.of());

        HandlerSource source = () -> handler;
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(WebSockEndpoint.class, path)
                .subprotocols(options.subprotocols())
                .configurator(new BridgeConfigurator(server, source, options,
                        options.executor() != null ? options.executor() : server.defaultExecutor()))
                .build();
        config.getUserProperties().put(BridgeConfigurator.ADMISSION, admission);
        config.getUserProperties().put(BridgeConfigurator.PATH_PARAMETERS, Map.copyOf(pathParameters));
        config.getUserProperties().put(BridgeConfigurator.REGISTRY_PATH, mappingPattern(request, path));

        Admission previous = Admission.CURRENT.get();
        Admission.CURRENT.set(admission);
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.copyOf(pathParameters));
        } catch (DeploymentException e) {
            throw new ServletException("websock: the upgrade of " + path + " failed: " + e.getMessage(), e);
        } finally {
            if (previous == null) {
                Admission.CURRENT.remove();
            } else {
                Admission.CURRENT.set(previous);
            }
        }
        int status = response.getStatus();
        if (status == HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            return true;
        }
        if (status >= 400 || response.isCommitted()) {
            return false; // the container refused the upgrade and answered the request itself
        }
        throw new IllegalStateException("websock: " + context.getServerInfo()
                + " returned from ServerContainer.upgradeHttpToWebSocket without upgrading " + path
                + " (status " + status + "). Tyrus-based servers (GlassFish, Payara) upgrade only paths also registered "
                + "with ServerContainer.addEndpoint: register it at startup, e.g. container.addEndpoint("
                + "WebSockServer.of(context).endpoint(\"" + path + "\", handler, options)), and let that path-registered "
                + "endpoint serve the connection, or move this servlet to a server whose upgradeHttpToWebSocket works "
                + "(Tomcat, Jetty, WildFly, Open Liberty).");
    }

    /**
     * The key under which the registry lists this servlet's connections: its mapping pattern ({@code "/chat/*"},
     * {@code "/echo"}, {@code "*.ws"}, {@code "/"}), so that any number of distinct request paths share one
     * entry. Falls back to the request path only where the container reports no mapping.
     */
    private static String mappingPattern(HttpServletRequest request, String path) {
        try {
            var mapping = request.getHttpServletMapping();
            if (mapping != null && mapping.getPattern() != null) {
                return mapping.getPattern().isEmpty() ? "/" : mapping.getPattern();
            }
        } catch (RuntimeException | AbstractMethodError noMapping) {
            // a container without Servlet 4 mappings: the request path is the best key there is
        }
        return path;
    }
}
