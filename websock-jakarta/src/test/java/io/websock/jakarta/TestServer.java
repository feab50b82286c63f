package io.websock.jakarta;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.glassfish.tyrus.spi.ServerContainerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real WebSocket server on 127.0.0.1 and an ephemeral port, with a {@link WebSockServer} attached the
 * way an application would attach it: Tyrus standalone (Grizzly) or embedded Tomcat 10.1.
 */
abstract class TestServer implements AutoCloseable {

    /** What a test deploys: endpoints built by {@code websock} and added to {@code container}. */
    @FunctionalInterface
    interface Deployment {
        void deploy(WebSockServer websock, ServerContainer container) throws Exception;
    }

    /** What a test adds to the web application (servlets, filters) while it starts; Tomcat only. */
    @FunctionalInterface
    interface WebApp {
        void configure(jakarta.servlet.ServletContext context, WebSockServer websock) throws Exception;
    }

    enum Kind { TYRUS, TOMCAT }

    static TestServer start(Kind kind, Deployment deployment) throws Exception {
        TestServer server = kind == Kind.TYRUS ? new Tyrus() : new Tomcat10();
        server.doStart(deployment);
        return server;
    }

    /** As {@link #start(Kind, Deployment)}, also configuring the web application (Tomcat; Tyrus standalone has none). */
    static TestServer start(Kind kind, Deployment deployment, WebApp webApp) throws Exception {
        if (kind != Kind.TOMCAT) {
            throw new UnsupportedOperationException(kind + " has no servlet layer");
        }
        Tomcat10 server = new Tomcat10();
        server.webApp = webApp;
        server.doStart(deployment);
        return server;
    }

    abstract void doStart(Deployment deployment) throws Exception;

    abstract WebSockServer websock();

    abstract int port();

    abstract String name();

    /** Stops the server the way an operator would; the WebSock server must end every connection first. */
    abstract void stop() throws Exception;

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static final class Tyrus extends TestServer {
        private org.glassfish.tyrus.spi.ServerContainer container;
        private WebSockServer websock;
        private int port;

        @Override
        void doStart(Deployment deployment) throws Exception {
            // Grizzly's default worker pool is 2 × cores threads (4 here). The bridge holds a connection's read
            // thread while its callbacks are behind (TCP back-pressure), so with a handful of workers a few busy
            // connections would stop reading for everyone; size it like Tomcat's default (200) — see
            // docs/decisions.md "Back-pressure holds container read threads".
            container = ServerContainerFactory.createServerContainer(Map.of(
                    "org.glassfish.tyrus.container.grizzly.server.workerThreadPoolConfig",
                    org.glassfish.grizzly.threadpool.ThreadPoolConfig.defaultConfig()
                            .setCorePoolSize(200).setMaxPoolSize(200).setPoolName("Grizzly-worker")));
            websock = WebSockServer.create();
            deployment.deploy(websock, container);
            container.start("/", 0); // the container itself takes 0 as "any free port"
            port = ((org.glassfish.tyrus.server.TyrusServerContainer) container).getPort();
        }

        @Override
        WebSockServer websock() {
            return websock;
        }

        @Override
        int port() {
            return port;
        }

        @Override
        String name() {
            return "tyrus";
        }

        @Override
        void stop() {
            // Standalone Tyrus has no application lifecycle: the owner shuts the WebSock server down first.
            websock.shutdown();
            container.stop();
        }
    }

    static final class Tomcat10 extends TestServer {
        private Tomcat tomcat;
        private volatile WebSockServer websock;
        private volatile Exception deployFailure;
        private WebApp webApp;

        @Override
        void doStart(Deployment deployment) throws Exception {
            Path base = Files.createTempDirectory("websock-tomcat");
            tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.getConnector().setThrowOnFailure(true);
            Context context = tomcat.addContext("", base.toString());
            context.addServletContainerInitializer(new WsSci(), null);
            // Tomcat runs filters (and so its upgrade filter) only for a request mapped to some servlet.
            Tomcat.addServlet(context, "default", new jakarta.servlet.http.HttpServlet() {
                @Override
                protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
                        throws java.io.IOException {
                    resp.sendError(404);
                }
            });
            context.addServletMappingDecoded("/", "default");
            context.addServletContainerInitializer((classes, servletContext) -> {
                // As an application does it: the WebSock server belongs to the servlet context and
                // shuts down by itself when the context is destroyed.
                websock = WebSockServer.of(servletContext);
                if (webApp != null) {
                    try {
                        webApp.configure(servletContext, websock);
                    } catch (Exception e) {
                        deployFailure = e;
                    }
                }
                servletContext.addListener(new ServletContextListener() {
                    @Override
                    public void contextInitialized(ServletContextEvent event) {
                        ServerContainer container = (ServerContainer) servletContext
                                .getAttribute(ServerContainer.class.getName());
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
                throw deployFailure;
            }
        }

        @Override
        WebSockServer websock() {
            return websock;
        }

        @Override
        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        @Override
        String name() {
            return "tomcat";
        }

        @Override
        void stop() throws Exception {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
