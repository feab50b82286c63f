package io.websock.jakarta;

import io.websock.WebSockOptions;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * Creates one {@link WebSockEndpoint} per connection and applies the endpoint's options to the
 * handshake: server-preferred subprotocol choice, permessage-deflate only when {@code compress} is on,
 * and a snapshot of the request headers for {@code Connection.handshake()}.
 */
final class BridgeConfigurator extends ServerEndpointConfig.Configurator {

    static final String HEADERS = "io.websock.handshake.headers";
    static final String ATTRIBUTES = "io.websock.handshake.attributes";

    private final WebSockServer server;
    private final HandlerSource source;
    private final WebSockOptions options;
    private final Executor executor;

    BridgeConfigurator(WebSockServer server, HandlerSource source, WebSockOptions options, Executor executor) {
        this.server = server;
        this.source = source;
        this.options = options;
        this.executor = executor;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new WebSockEndpoint(server, source, options, executor));
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String mine : options.subprotocols()) {
            if (requested.contains(mine)) {
                return mine;
            }
        }
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return options.compress() ? super.getNegotiatedExtensions(installed, requested) : List.of();
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true; // the origin policy needs the Host header too, so it is applied where the request is seen whole
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        // Containers give each handshake its own copy of the user properties (Jakarta WebSocket 2.1 §3.1.2),
        // which onOpen receives as its EndpointConfig.
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        sec.getUserProperties().put(HEADERS, headers);
    }
}
