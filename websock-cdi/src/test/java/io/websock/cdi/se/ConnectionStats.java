package io.websock.cdi.se;

import io.websock.Registry;
import io.websock.Topics;
import io.websock.jakarta.WebSockServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An unrelated application bean that uses the injected WebSock server, registry and topics. */
@ApplicationScoped
public class ConnectionStats {

    @Inject
    WebSockServer websock;

    @Inject
    Registry registry;

    @Inject
    Topics topics;

    public int open() {
        return websock.connectionCount();
    }

    public int broadcastToShared(String message) {
        return registry.broadcast("/shared", message);
    }

    public int publishNews(String message) {
        return topics.publish("news", message);
    }
}
