package io.websock.redis;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockServer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One server of a test cluster: embedded Tomcat 10.1 on 127.0.0.1 and a free port, its
 * {@code WebSockServer.of(context, bus)} publishing through a {@link RedisTopicBus}.
 *
 * <p>Endpoints: {@code /t/{topics}} subscribes to the comma-separated topics; a text {@code pub <topic> <msg>}
 * publishes {@code msg} (a String) and answers {@code local <n>}; every topic message is pushed as a text frame
 * (a {@link Frame} unchanged). {@code /slow/{topics}}: the same with a mailbox of 20 and a handler that takes
 * 50 ms per message, to be flooded.
 */
final class Node implements AutoCloseable {

    private final Tomcat tomcat;
    private final RedisTopicBus bus;
    private final WebSockServer websock;

    private Node(Tomcat tomcat, RedisTopicBus bus, WebSockServer websock) {
        this.tomcat = tomcat;
        this.bus = bus;
        this.websock = websock;
    }

    static Node start(RedisTopicBus bus) throws Exception {
        Path base = Files.createTempDirectory("websock-redis-node");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setThrowOnFailure(true);
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat runs filters (and so its WebSocket upgrade filter) only for a request mapped to some servlet.
        Tomcat.addServlet(context, "default", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
                    throws java.io.IOException {
                resp.sendError(404);
            }
        });
        context.addServletMappingDecoded("/", "default");
        AtomicReference<WebSockServer> server = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        context.addServletContainerInitializer((classes, ctx) -> {
            WebSockServer websock = WebSockServer.of(ctx, bus);
            server.set(websock);
            ctx.addListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    ServerContainer container = (ServerContainer) ctx.getAttribute(ServerContainer.class.getName());
                    try {
                        container.addEndpoint(websock.endpoint("/t/{topics}", new TopicsHandler(websock, 0),
                                WebSockOptions.builder().mailboxLimit(200_000).outboundBufferLimit(64L * 1024 * 1024).build()));
                        container.addEndpoint(websock.endpoint("/slow/{topics}", new TopicsHandler(websock, 50),
                                WebSockOptions.builder().mailboxLimit(20).build()));
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }
            });
        }, null);
        tomcat.start();
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Node(tomcat, bus, server.get());
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    RedisTopicBus bus() {
        return bus;
    }

    WebSockServer websock() {
        return websock;
    }

    @Override
    public void close() throws Exception {
        tomcat.stop(); // shuts the WebSockServer down, which closes the bus
        tomcat.destroy();
    }

    /** See {@link Node}. */
    static final class TopicsHandler implements WebSock<Connection> {
        private final WebSockServer websock;
        private final long millisPerInfo;

        TopicsHandler(WebSockServer websock, long millisPerInfo) {
            this.websock = websock;
            this.millisPerInfo = millisPerInfo;
        }

        @Override
        public Result<Connection> init(Connection connection) {
            for (String topic : connection.handshake().pathParameter("topics").split(",")) {
                websock.topics().subscribe(connection, topic);
            }
            return Result.push(Frame.text("ready"), connection);
        }

        @Override
        public Result<Connection> handleIn(Frame.Data frame, Connection connection) {
            String[] parts = ((Frame.Text) frame).text().split(" ", 3);
            if (parts[0].equals("pub")) {
                int local = websock.topics().publish(parts[1], parts[2]);
                return Result.push(Frame.text("local " + local), connection);
            }
            return Result.push(Frame.text("unknown " + parts[0]), connection);
        }

        @Override
        public Result<Connection> handleInfo(Object message, Connection connection) {
            if (millisPerInfo > 0) {
                try {
                    Thread.sleep(millisPerInfo); // a handler that is slow on purpose: its mailbox fills up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (message instanceof Frame f) {
                return Result.push(f, connection);
            }
            return Result.push(Frame.text(String.valueOf(message)), connection);
        }
    }
}
