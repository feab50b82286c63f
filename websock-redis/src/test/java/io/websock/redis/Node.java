package io.websock.redis;

import io.websock.jakarta.WebSockServer;
import io.websock.test.bus.TopicBusContract;
import io.websock.test.junit.EmbeddedContainer;
import io.websock.test.junit.WebSockTestServer;

import java.net.URI;

/**
 * One server of a test cluster: embedded Tomcat 10.1 on 127.0.0.1 and a free port, started by the test kit's
 * {@link WebSockTestServer} with its {@code WebSockServer.of(context, bus)} publishing through a {@link RedisTopicBus}.
 *
 * <p>Endpoints: those of the bus contract's servers ({@link TopicBusContract#probeEndpoints()}).
 */
final class Node implements AutoCloseable {

    private final WebSockTestServer server;
    private final RedisTopicBus bus;

    private Node(WebSockTestServer server, RedisTopicBus bus) {
        this.server = server;
        this.bus = bus;
    }

    static Node start(RedisTopicBus bus) throws Exception {
        return new Node(WebSockTestServer.start(EmbeddedContainer.TOMCAT, bus, TopicBusContract.probeEndpoints()), bus);
    }

    URI uri(String path) {
        return server.uri(path);
    }

    int port() {
        return server.port();
    }

    RedisTopicBus bus() {
        return bus;
    }

    WebSockServer websock() {
        return server.websock();
    }

    @Override
    public void close() throws Exception {
        server.close(); // stops Tomcat, which shuts the WebSockServer down, which closes the bus
    }
}
