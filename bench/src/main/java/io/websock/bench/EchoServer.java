package io.websock.bench;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One embedded Tomcat 10.1 on 127.0.0.1 serving the same echo twice: {@code /raw}, a plain Jakarta
 * {@link Endpoint} answering on the container thread with a blocking send (the fastest honest raw
 * echo), and {@code /bridge}, a WebSock handler through the bridge. Both share the server, connector
 * and threads, so their numbers are comparable within one run. {@code /info} delivers info messages
 * to a handler a benchmark supplies.
 */
final class EchoServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final AtomicReference<WebSockServer> websock = new AtomicReference<>();

    /** A raw echo: each whole text message is sent back from the thread that received it. */
    public static final class RawEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The same echo as a WebSock handler. */
    static final class BridgeEcho implements WebSock<Integer> {
        @Override
        public Result<Integer> init(Connection connection) {
            return Result.ok(0);
        }

        @Override
        public Result<Integer> handleIn(Frame.Data frame, Integer state) {
            return Result.push(frame, state);
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer state) {
            return Result.ok(state);
        }
    }

    EchoServer(WebSock<?> infoHandler) throws Exception {
        Path base = Files.createTempDirectory("websock-bench");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        Tomcat.addServlet(context, "default", new HttpServlet() { });
        context.addServletMappingDecoded("/", "default");
        // Idle timeout and pings off: a benchmark measures echo, not heartbeats.
        WebSockOptions options = WebSockOptions.builder().timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        context.addServletContainerInitializer((classes, servletContext) -> {
            WebSockServer server = WebSockServer.of(servletContext);
            websock.set(server);
            servletContext.addListener(new jakarta.servlet.ServletContextListener() {
                @Override
                public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                    ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
                    deploy(container, c -> {
                        try {
                            c.addEndpoint(ServerEndpointConfig.Builder.create(RawEcho.class, "/raw").build());
                            c.addEndpoint(server.endpoint("/bridge", new BridgeEcho(), options));
                            if (infoHandler != null) {
                                c.addEndpoint(server.endpoint("/info", infoHandler, options));
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            });
        }, null);
        tomcat.start();
    }

    private static void deploy(ServerContainer container, Consumer<ServerContainer> deployment) {
        deployment.accept(container);
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
