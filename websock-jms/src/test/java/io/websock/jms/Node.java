package io.websock.jms;

import io.websock.WebSockOptions;
import io.websock.jakarta.TopicsHandler;
import io.websock.jakarta.WebSockServer;
import io.websock.spi.TopicBus;
import io.websock.test.junit.EmbeddedContainer;
import io.websock.test.junit.WebSockTestServer;

import java.net.URI;

/**
 * One server of a test cluster: embedded Tomcat 10.1 on 127.0.0.1 and a free port, started by the test kit's
 * {@link WebSockTestServer} with its {@code WebSockServer.of(context, bus)} publishing through a {@link TopicBus}.
 *
 * <p>Endpoints: {@code /t/{topics}}, a {@link TopicsHandler}; {@code /slow/{topics}}: the same with a mailbox of 20
 * and a handler that takes 50 ms per message, to be flooded.
 */
final class Node implements AutoCloseable {

    private final WebSockTestServer server;
    private final TopicBus bus;

    private Node(WebSockTestServer server, TopicBus bus) {
        this.server = server;
        this.bus = bus;
    }

    static Node start(TopicBus bus) throws Exception {
        return new Node(WebSockTestServer.start(EmbeddedContainer.TOMCAT, bus, endpoints -> endpoints
                .add("/t/{topics}", new TopicsHandler(endpoints.websock(), 0),
                        WebSockOptions.builder().mailboxLimit(200_000).outboundBufferLimit(64L * 1024 * 1024).build())
                .add("/slow/{topics}", new TopicsHandler(endpoints.websock(), 50), WebSockOptions.builder().mailboxLimit(20).build())), bus);
    }

    URI uri(String path) {
        return server.uri(path);
    }

    int port() {
        return server.port();
    }

    TopicBus bus() {
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
