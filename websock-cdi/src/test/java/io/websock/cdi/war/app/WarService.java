package io.websock.cdi.war.app;

import io.websock.jakarta.WebSockServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An application service, unrelated to any handler, that uses the injected WebSock server. */
@ApplicationScoped
public class WarService {

    @Inject
    WebSockServer websock;

    public String greet(String room) {
        return "welcome to " + room;
    }

    public int openConnections() {
        return websock.connectionCount();
    }
}
