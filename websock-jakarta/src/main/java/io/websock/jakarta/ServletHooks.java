package io.websock.jakarta;

import io.websock.spi.TopicBus;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything of {@link WebSockServer#of} that needs the Servlet API, kept out of {@code WebSockServer} so
 * that the bridge loads where there is none (Tyrus standalone): this class and its nested ones are loaded
 * only when a servlet context is handed in.
 *
 * <p>The application's server is cached in the context only once at least one shutdown hook is in place,
 * so no call leaves a server that would outlive its application. The hooks, each a plain idempotent
 * {@code shutdown()}:
 * <ul>
 *   <li>a servlet without a mapping, loaded on startup: servlets are destroyed before any
 *       {@code contextDestroyed} runs, while the WebSocket container's own listener (which closes every
 *       session with its own 1001) may run before ours — the earliest undeploy signal;</li>
 *   <li>the library's upgrade filter, whose {@code destroy()} also shuts the server down (filters are
 *       destroyed before listeners too);</li>
 *   <li>a {@code ServletContextListener}, which only a {@code ServletContainerInitializer} may add (Servlet
 *       6.0 {@code addListener}: a declared listener gets {@code IllegalArgumentException}).</li>
 * </ul>
 * From a {@code ServletContainerInitializer} all three are installed; from a listener declared in
 * {@code web.xml} or by {@code @WebListener}, the servlet and the filter. A listener that was itself added
 * programmatically may add none of them, and after startup nothing can be added: then {@code of()} fails.
 */
final class ServletHooks {

    static final String ATTRIBUTE = WebSockServer.class.getName();
    /** The bus the context's server was created with, when one was given. */
    static final String BUS_ATTRIBUTE = WebSockServer.class.getName() + ".bus";
    private static final System.Logger LOG = System.getLogger("io.websock");

    private ServletHooks() {
    }

    /**
     * The context's server, creating it with its hooks on first call. With {@code lenient} (the servlet-side
     * upgrade, which may run first at request time) a server that could get no hook is still created and
     * cached, with a warning; otherwise that is an {@link IllegalStateException} and nothing is cached.
     */
    static synchronized WebSockServer serverOf(ServletContext context, boolean lenient) {
        return serverOf(context, null, lenient);
    }

    /** As {@link #serverOf(ServletContext, boolean)}, the server publishing through {@code bus} (null: in-JVM). */
    static synchronized WebSockServer serverOf(ServletContext context, TopicBus bus, boolean lenient) {
        Objects.requireNonNull(context, "context");
        if (context.getAttribute(ATTRIBUTE) instanceof WebSockServer existing) {
            Object existingBus = context.getAttribute(BUS_ATTRIBUTE);
            if (bus != null && bus != existingBus) {
                throw new IllegalStateException("websock: the WebSockServer of " + context.getContextPath()
                        + " already exists with topic bus " + (existingBus == null ? "TopicBus.inJvm()" : existingBus)
                        + ", so it cannot use " + bus + ": make the first WebSockServer.of call the one that passes the bus");
            }
            return existing;
        }
        WebSockServer server = bus == null ? WebSockServer.create() : WebSockServer.create(bus);
        List<String> installed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        // The servlet first: where the filter's destroy() comes late (after the container closed the sessions),
        // the servlet's comes before.
        try {
            ServletRegistration.Dynamic sentinel = context.addServlet(ATTRIBUTE, new ShutdownSentinel(server));
            if (sentinel != null) {
                sentinel.setLoadOnStartup(Integer.MAX_VALUE);
                installed.add("servlet");
            } else {
                refused.add("servlet: a servlet named " + ATTRIBUTE + " exists already");
            }
        } catch (RuntimeException e) {
            refused.add("servlet: " + e);
        }
        try {
            if (WebSockFilter.install(context, server)) {
                installed.add("filter");
            } else {
                refused.add("filter: a filter named " + WebSockFilter.NAME + " exists already");
            }
        } catch (RuntimeException e) {
            refused.add("filter: " + e);
        }
        try {
            context.addListener(new ShutdownListener(server));
            installed.add("listener");
        } catch (RuntimeException e) {
            // Expected from a declared listener (IllegalArgumentException: only an initializer may add a
            // ServletContextListener); the servlet and the filter do the work then.
            refused.add("listener: " + e);
        }
        if (installed.isEmpty()) {
            String message = "websock: WebSockServer.of(ServletContext) was first called where the application's "
                    + "shutdown cannot be heard (after " + context.getContextPath() + " started, or from a "
                    + "ServletContextListener that was itself added programmatically): call it first from a "
                    + "ServletContainerInitializer (in a jar in WEB-INF/lib) or from contextInitialized of a listener "
                    + "declared in web.xml or annotated @WebListener. The container refused " + refused;
            if (!lenient) {
                server.shutdown();
                throw new IllegalStateException(message);
            }
            LOG.log(System.Logger.Level.WARNING, message + "; connections of this server are not ended by "
                    + "undeploy: call shutdown() yourself");
        } else if (!installed.contains("filter")) {
            LOG.log(System.Logger.Level.WARNING, "websock: the upgrade filter of " + context.getContextPath()
                    + " is not installed (" + refused + "): path-registered endpoints can then refuse origins and "
                    + "subprotocols only after the upgrade (close 1008) and answer no 400");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "websock: {0} shuts down with {1}; not installed: {2}",
                    installed, context.getContextPath(), refused);
        }
        context.setAttribute(ATTRIBUTE, server);
        if (bus != null) {
            context.setAttribute(BUS_ATTRIBUTE, bus);
        }
        return server;
    }

    /** Shuts the server down when the container destroys servlets, the earliest undeploy signal. */
    static final class ShutdownSentinel extends GenericServlet {
        private static final long serialVersionUID = 1L;
        private final transient WebSockServer server;

        ShutdownSentinel(WebSockServer server) {
            this.server = server;
        }

        @Override
        public void service(ServletRequest request, ServletResponse response) {
            // never mapped
        }

        @Override
        public void destroy() {
            server.shutdown();
        }
    }

    /** Shuts the server down when the context is destroyed, if nothing did earlier. */
    static final class ShutdownListener implements ServletContextListener {
        private final WebSockServer server;

        ShutdownListener(WebSockServer server) {
            this.server = server;
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            server.shutdown();
        }
    }
}
