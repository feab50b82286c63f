package io.websock.cdi.se;

import io.websock.cdi.WebSockClosed;
import io.websock.cdi.WebSockOpened;
import io.websock.cdi.probe.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

/** Async observers of the connection events. */
@ApplicationScoped
public class ConnectionEvents {

    void opened(@ObservesAsync WebSockOpened event) {
        Probe.event("opened:" + event.path() + ":" + event.connection().id());
    }

    void closed(@ObservesAsync WebSockClosed event) {
        Probe.event("closed:" + event.path() + ":" + event.connection().id() + ":" + event.reason());
    }
}
