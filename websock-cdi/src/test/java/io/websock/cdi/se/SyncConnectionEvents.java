package io.websock.cdi.se;

import io.websock.cdi.WebSockClosed;
import io.websock.cdi.WebSockOpened;
import io.websock.cdi.probe.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Plain (synchronous) observers of the connection events: the events are fired asynchronously only, so never called. */
@ApplicationScoped
public class SyncConnectionEvents {

    void opened(@Observes WebSockOpened event) {
        Probe.event("sync-opened:" + event.path());
    }

    void closed(@Observes WebSockClosed event) {
        Probe.event("sync-closed:" + event.path());
    }
}
