package io.websock.bench;

import io.websock.jakarta.WebSockServer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The three embedded servers of {@link IdleMemory}, each on 127.0.0.1 and an ephemeral port, with
 * {@link IdleMemory#deploy} registered. Guarantee: listens on loopback only.
 */
final class IdleServers {

    private IdleServers() {
    }

    abstract static class Server implements AutoCloseable {
        volatile WebSockServer websock;
        volatile Exception deployFailure;

        abstract int port();

        /** Where JOL starts: the container's root object and the WebSock server. */
        abstract Object[] roots();

        /** Server-side open connections on {@code path}. */
        int open(String path) {
            return path.equals("/raw") ? IdleMemory.RawIdle.OPEN.get() : websock.connectionCount();
        }

        void checkDeployed() throws Exception {
            if (deployFailure != null) {
                close();
                throw deployFailure;
            }
        }
    }

    static Server start(String kind) throws Exception {
        return switch (kind) {
            case "tomcat" -> new TomcatServer();
            case "jetty" -> new JettyServer();
            case "tyrus" -> new TyrusServer();
            default -> throw new IllegalArgumentException("containers: tomcat, jetty or tyrus, got " + kind);
        };
    }

    static final class TomcatServer extends Server {
        private final Tomcat tomcat;
        private final Path base;

        TomcatServer() throws Exception {
            base = Files.createTempDirectory("websock-idle");
            tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.getConnector().setProperty("maxConnections", "-1");
            tomcat.getConnector().setThrowOnFailure(true);
            Context context = tomcat.addContext("", base.toString());
            context.addServletContainerInitializer(new WsSci(), null);
            Tomcat.addServlet(context, "default", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.sendError(404);
                }
            });
            context.addServletMappingDecoded("/", "default");
            context.addServletContainerInitializer((classes, servletContext) -> {
                websock = WebSockServer.of(servletContext);
                servletContext.addListener(new ServletContextListener() {
                    @Override
                    public void contextInitialized(ServletContextEvent event) {
                        try {
                            IdleMemory.deploy(websock, (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName()));
                        } catch (Exception e) {
                            deployFailure = e;
                        }
                    }
                });
            }, null);
            tomcat.start();
            checkDeployed();
        }

        @Override
        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        @Override
        Object[] roots() {
            return new Object[] {tomcat, websock};
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

    static final class JettyServer extends Server {
        private final org.eclipse.jetty.server.Server jetty;
        private final ServerConnector connector;

        JettyServer() throws Exception {
            jetty = new org.eclipse.jetty.server.Server();
            connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            connector.setIdleTimeout(3_600_000);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            jetty.setHandler(context);
            JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
                websock = WebSockServer.of(servletContext);
                try {
                    IdleMemory.deploy(websock, container);
                } catch (Exception e) {
                    deployFailure = e;
                }
            });
            jetty.start();
            checkDeployed();
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        Object[] roots() {
            return new Object[] {jetty, websock};
        }

        @Override
        public void close() throws Exception {
            jetty.stop();
        }
    }

    static final class TyrusServer extends Server {
        private final org.glassfish.tyrus.spi.ServerContainer container;
        private final int port;

        TyrusServer() throws Exception {
            container = ServerContainerFactory.createServerContainer(Map.of());
            websock = WebSockServer.create();
            IdleMemory.deploy(websock, container);
            container.start("/", 0);
            port = ((TyrusServerContainer) container).getPort();
        }

        @Override
        int port() {
            return port;
        }

        @Override
        Object[] roots() {
            return new Object[] {container, websock};
        }

        @Override
        public void close() throws Exception {
            websock.shutdown();
            container.stop();
        }
    }
}
