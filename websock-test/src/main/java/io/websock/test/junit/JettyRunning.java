package io.websock.test.junit;

import io.websock.jakarta.WebSockServer;
import io.websock.spi.TopicBus;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (ee10) on 127.0.0.1 and a free port, one servlet context at the root whose WebSock server is
 * {@code WebSockServer.of(servletContext, bus)}: it shuts down by itself when Jetty stops.
 */
final class JettyRunning implements Running {

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;
    private volatile WebSockServer websock;
    private volatile Exception deployFailure;

    JettyRunning(TopicBus bus, Endpoints.Setup setup) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context = new ServletContextHandler("/");
        // Runs while the context starts, as a ServletContainerInitializer does: WebSockServer.of may install its hooks.
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            websock = WebSockServer.of(servletContext, bus);
            try {
                setup.addTo(new ContainerEndpoints(websock, container));
            } catch (Exception e) {
                deployFailure = e;
            }
        });
        server.setHandler(context);
        server.setStopAtShutdown(false);
        try {
            server.start();
            if (deployFailure != null) {
                throw deployFailure;
            }
            if (!context.isAvailable() || websock == null) {
                throw new IllegalStateException("Jetty did not start the test context (see its log)");
            }
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public WebSockServer websock() {
        return websock;
    }

    @Override
    public void stop() throws Exception {
        // The application first, while the connections are still up: Server.stop() closes the connectors before it
        // stops the contexts, so the WebSock server's 1001 would never reach the clients.
        try {
            context.stop();
        } finally {
            server.stop();
        }
    }
}
