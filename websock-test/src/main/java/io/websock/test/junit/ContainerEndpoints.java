package io.websock.test.junit;

import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockServer;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Objects;
import java.util.function.Supplier;

/** {@link Endpoints} that add straight to a started container's {@code ServerContainer}. */
final class ContainerEndpoints implements Endpoints {

    private final WebSockServer websock;
    private final ServerContainer container;

    ContainerEndpoints(WebSockServer websock, ServerContainer container) {
        this.websock = websock;
        this.container = Objects.requireNonNull(container, "the container has no ServerContainer");
    }

    @Override
    public WebSockServer websock() {
        return websock;
    }

    @Override
    public Endpoints add(String path, WebSock<?> handler) {
        return add(websock.endpoint(path, handler));
    }

    @Override
    public Endpoints add(String path, WebSock<?> handler, WebSockOptions options) {
        return add(websock.endpoint(path, handler, options));
    }

    @Override
    public Endpoints add(String path, Supplier<? extends WebSock<?>> handlers, WebSockOptions options) {
        return add(websock.endpoint(path, handlers, options));
    }

    @Override
    public Endpoints add(ServerEndpointConfig endpoint) {
        try {
            container.addEndpoint(endpoint);
        } catch (DeploymentException e) {
            throw new IllegalStateException("the container refused the endpoint at " + endpoint.getPath() + ": "
                    + e.getMessage(), e);
        }
        return this;
    }
}
