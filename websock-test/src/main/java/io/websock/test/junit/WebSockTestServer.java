package io.websock.test.junit;

import io.websock.jakarta.WebSockServer;
import io.websock.spi.TopicBus;
import io.websock.test.client.RawWebSocket;
import io.websock.test.client.WebSockTestClient;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An embedded container started with a test's handlers on 127.0.0.1 and a free port: where to connect, clients
 * that connect there, and the application's {@link WebSockServer} (registry, topics, connection count).
 *
 * <p>{@link WebSockTest} starts and stops one for you and injects it into test methods. Without JUnit:
 * <pre>{@code
 * try (WebSockTestServer server = WebSockTestServer.start(EmbeddedContainer.TOMCAT,
 *         endpoints -> endpoints.add("/echo", new EchoHandler()));
 *      WebSockTestClient client = server.connect("/echo")) {
 *     client.sendText("hi").expectText("hi");
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the clients this server handed out, then stops the container, whose WebSock server
 * first ends every connection (close 1001, {@code terminate(Shutdown)}). Thread-safe.
 */
public final class WebSockTestServer implements AutoCloseable {

    private final EmbeddedContainer container;
    private final Running running;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private boolean closed;

    private WebSockTestServer(EmbeddedContainer container, Running running) {
        this.container = container;
        this.running = running;
    }

    /**
     * Starts {@code container} and runs {@code setup} to register the handlers while the application starts.
     *
     * @throws IllegalStateException if the container is not on the class path, naming the artifacts to add
     * @throws Exception             what {@code setup} or the container's start threw
     */
    public static WebSockTestServer start(EmbeddedContainer container, Endpoints.Setup setup) throws Exception {
        return start(container, TopicBus.inJvm(), setup);
    }

    /**
     * As {@link #start(EmbeddedContainer, Endpoints.Setup)}, the application's WebSock server publishing its
     * {@code topics()} through {@code bus} ({@code WebSockServer.of(servletContext, bus)}, or
     * {@code WebSockServer.create(bus)} on Tyrus): for example a {@code RedisTopicBus}, so that several test
     * servers form one cluster. The bus is closed when the server stops.
     *
     * @throws IllegalStateException if the container is not on the class path, naming the artifacts to add
     * @throws Exception             what {@code setup} or the container's start threw
     */
    public static WebSockTestServer start(EmbeddedContainer container, TopicBus bus, Endpoints.Setup setup) throws Exception {
        Objects.requireNonNull(container, "container must not be null");
        Objects.requireNonNull(bus, "bus must not be null (TopicBus.inJvm() is the default)");
        Objects.requireNonNull(setup, "setup must not be null");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        container.requireOn(loader == null ? WebSockTestServer.class.getClassLoader() : loader);
        Running running = switch (container) {
            case TOMCAT -> new TomcatRunning(bus, setup);
            case JETTY -> new JettyRunning(bus, setup);
            case TYRUS -> new TyrusRunning(bus, setup);
        };
        return new WebSockTestServer(container, running);
    }

    /** Which container runs. */
    public EmbeddedContainer container() {
        return container;
    }

    /** The port it listens on (on 127.0.0.1). */
    public int port() {
        return running.port();
    }

    /**
     * {@code ws://127.0.0.1:<port><path>}.
     *
     * @throws IllegalArgumentException if {@code path} does not start with '/', naming it
     */
    public URI uri(String path) {
        Objects.requireNonNull(path, "path must not be null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got \"" + path + "\"");
        }
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** The application's WebSock server: its registry, topics and connection count. */
    public WebSockServer websock() {
        return running.websock();
    }

    /** A client connected to {@code path}; closed with this server at the latest. */
    public WebSockTestClient connect(String path) {
        return track(WebSockTestClient.connect(uri(path)));
    }

    /** A client connected as {@code builder} says (see {@link WebSockTestClient#builder}); closed with this server at the latest. */
    public WebSockTestClient connect(WebSockTestClient.Builder builder) {
        return track(builder.connect());
    }

    /** A raw client after a valid upgrade of {@code path} (see {@link RawWebSocket#connect}); closed with this server at the latest. */
    public RawWebSocket raw(String path) throws IOException {
        return track(RawWebSocket.connect(uri(path)));
    }

    private synchronized <T extends AutoCloseable> T track(T client) {
        if (closed) {
            try {
                client.close();
            } catch (Exception ignored) {
                // refusing anyway
            }
            throw new IllegalStateException("the server is stopped");
        }
        clients.add(client);
        return client;
    }

    /** Closes the clients this server handed out, then stops the container. Idempotent. */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(clients);
            clients.clear();
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the container stops regardless
            }
        }
        running.stop();
    }

    @Override
    public String toString() {
        return "WebSockTestServer[" + container + " on 127.0.0.1:" + port() + "]";
    }
}
