package io.websock.cdi.se;

import io.websock.jakarta.WebSockServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An unrelated application bean that uses the injected WebSock server. */
@ApplicationScoped
public class ConnectionStats {

    @Inject
    WebSockServer websock;

    public int open() {
        return websock.connectionCount();
    }
}
