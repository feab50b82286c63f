package io.websock.test.junit;

import io.websock.jakarta.WebSockServer;
import io.websock.spi.TopicBus;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

import java.util.Map;

/**
 * Tyrus standalone on Grizzly and a free port (it binds every interface). No servlet layer: the WebSock server is
 * {@code WebSockServer.create(bus)} and is shut down before the container stops.
 */
final class TyrusRunning implements Running {

    private final ServerContainer container;
    private final WebSockServer websock;
    private final int port;

    TyrusRunning(TopicBus bus, Endpoints.Setup setup) throws Exception {
        // Grizzly's default worker pool is 2 × cores threads. The bridge holds a connection's read thread while its
        // callbacks are behind (TCP back-pressure), so a few busy connections would stop reading for everyone:
        // size it like Tomcat's default (200).
        container = ServerContainerFactory.createServerContainer(Map.of(
                "org.glassfish.tyrus.container.grizzly.server.workerThreadPoolConfig",
                ThreadPoolConfig.defaultConfig().setCorePoolSize(200).setMaxPoolSize(200).setPoolName("websock-test-grizzly")));
        websock = WebSockServer.create(bus);
        try {
            setup.addTo(new ContainerEndpoints(websock, container));
            container.start("/", 0); // 0: any free port
            port = ((TyrusServerContainer) container).getPort();
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public WebSockServer websock() {
        return websock;
    }

    @Override
    public void stop() {
        try {
            websock.shutdown();
        } finally {
            container.stop();
        }
    }
}
