package io.websock.bench;

import io.websock.jakarta.WebSockServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

import java.net.URI;
import java.util.Map;

/**
 * The servers {@link EchoLoad} can run on: embedded Tomcat 10.1 ({@link BenchServer}), Jetty 12 (ee10) and Tyrus
 * standalone (Grizzly), each on an ephemeral port with the same {@link BenchServer.Deployment}. Guarantee: clients
 * connect to 127.0.0.1 only (Tyrus standalone binds every interface; nothing else listens).
 */
final class EchoServers {

    private EchoServers() {
    }

    /** A started server: where its endpoints are, and how to stop it. */
    interface Server extends AutoCloseable {
        URI uri(String path);
    }

    static Server start(String container, boolean useAsyncIO, BenchServer.Deployment deployment) throws Exception {
        return switch (container) {
            case "tomcat" -> {
                BenchServer tomcat = BenchServer.start(useAsyncIO, deployment);
                yield new Server() {
                    @Override
                    public URI uri(String path) {
                        return tomcat.uri(path);
                    }

                    @Override
                    public void close() throws Exception {
                        tomcat.close();
                    }
                };
            }
            case "jetty" -> jetty(deployment);
            case "tyrus" -> tyrus(deployment);
            default -> throw new IllegalArgumentException("container must be tomcat, jetty or tyrus, got " + container);
        };
    }

    private static Server jetty(BenchServer.Deployment deployment) throws Exception {
        org.eclipse.jetty.server.Server jetty = new org.eclipse.jetty.server.Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        jetty.setHandler(context);
        Exception[] failure = new Exception[1];
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            try {
                deployment.deploy(WebSockServer.of(servletContext), container);
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        jetty.start();
        if (failure[0] != null) {
            jetty.stop();
            throw failure[0];
        }
        return new Server() {
            @Override
            public URI uri(String path) {
                return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + path);
            }

            @Override
            public void close() throws Exception {
                jetty.stop();
            }
        };
    }

    private static Server tyrus(BenchServer.Deployment deployment) throws Exception {
        org.glassfish.tyrus.spi.ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        WebSockServer websock = WebSockServer.create();
        deployment.deploy(websock, container);
        container.start("/", 0);
        int port = ((TyrusServerContainer) container).getPort();
        return new Server() {
            @Override
            public URI uri(String path) {
                return URI.create("ws://127.0.0.1:" + port + path);
            }

            @Override
            public void close() {
                websock.shutdown();
                container.stop();
            }
        };
    }
}
