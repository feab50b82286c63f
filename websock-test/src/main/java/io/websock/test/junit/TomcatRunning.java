package io.websock.test.junit;

import io.websock.jakarta.WebSockServer;
import io.websock.spi.TopicBus;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Embedded Tomcat on 127.0.0.1 and a free port, one web application at the root context whose WebSock server is
 * {@code WebSockServer.of(servletContext, bus)}: it shuts down by itself when Tomcat stops.
 */
final class TomcatRunning implements Running {

    private final Tomcat tomcat;
    private final Path base;
    private volatile WebSockServer websock;
    private volatile Exception deployFailure;

    TomcatRunning(TopicBus bus, Endpoints.Setup setup) throws Exception {
        base = Files.createTempDirectory("websock-test-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setThrowOnFailure(true);
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat runs filters (and so the upgrade filters) only for a request mapped to some servlet.
        Tomcat.addServlet(context, "default", new NotFound());
        context.addServletMappingDecoded("/", "default");
        context.addServletContainerInitializer((classes, servletContext) -> {
            websock = WebSockServer.of(servletContext, bus);
            servletContext.addListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
                    try {
                        setup.addTo(new ContainerEndpoints(websock, container));
                    } catch (Exception e) {
                        deployFailure = e;
                    }
                }
            });
        }, null);
        try {
            tomcat.start();
            if (deployFailure != null) {
                throw deployFailure;
            }
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public WebSockServer websock() {
        return websock;
    }

    @Override
    public void stop() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            Files.walk(base).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static final class NotFound extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(404);
        }
    }
}
