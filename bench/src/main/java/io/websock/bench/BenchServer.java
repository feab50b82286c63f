package io.websock.bench;

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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded Tomcat 10.1 on 127.0.0.1 and an ephemeral port, with a {@link WebSockServer} attached
 * the way an application attaches it ({@link WebSockServer#of}). Endpoints are added by the
 * {@link Deployment} once the {@code ServerContainer} exists. Guarantee: listens on loopback only.
 */
final class BenchServer implements AutoCloseable {

    /** Adds endpoints to the container; {@code websock} builds the bridge's. */
    @FunctionalInterface
    interface Deployment {
        void deploy(WebSockServer websock, ServerContainer container) throws Exception;
    }

    private final Tomcat tomcat;
    private final Path base;
    private volatile Exception deployFailure;

    private BenchServer(boolean useAsyncIO, TopicBus bus, Deployment deployment) throws Exception {
        base = Files.createTempDirectory("websock-bench");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setThrowOnFailure(true);
        // Tomcat's default (true) dispatches every async-send completion to its executor: a thread hop
        // per message for SendHandler users such as the bridge. false completes inline when the write did.
        tomcat.getConnector().setProperty("useAsyncIO", Boolean.toString(useAsyncIO));
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat runs its upgrade filter only for requests mapped to some servlet.
        Tomcat.addServlet(context, "default", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.sendError(404);
            }
        });
        context.addServletMappingDecoded("/", "default");
        context.addServletContainerInitializer((classes, servletContext) -> {
            WebSockServer websock = bus == null ? WebSockServer.of(servletContext) : WebSockServer.of(servletContext, bus);
            servletContext.addListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
                    try {
                        deployment.deploy(websock, container);
                    } catch (Exception e) {
                        deployFailure = e;
                    }
                }
            });
        }, null);
        tomcat.start();
        if (deployFailure != null) {
            close();
            throw deployFailure;
        }
    }

    /** Tomcat with its default connector settings. */
    static BenchServer start(Deployment deployment) throws Exception {
        return new BenchServer(true, null, deployment);
    }

    /** Tomcat with its default connector settings; the server's topics go through {@code bus}. */
    static BenchServer start(TopicBus bus, Deployment deployment) throws Exception {
        return new BenchServer(true, bus, deployment);
    }

    /** Tomcat with the NIO connector's {@code useAsyncIO} set as given (Tomcat's default is true). */
    static BenchServer start(boolean useAsyncIO, Deployment deployment) throws Exception {
        return new BenchServer(useAsyncIO, null, deployment);
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (var files = Files.walk(base)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
