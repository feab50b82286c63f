package io.websock.cdi.war.app;

import io.websock.cdi.probe.Probe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;

/** Request-scoped: a new id per request; reports its creation and end with the thread. */
@RequestScoped
public class WarRequest {
    private int id;

    @PostConstruct
    void created() {
        id = Probe.nextId();
        Probe.event("req.created:" + id + ":" + Thread.currentThread().getName());
    }

    public int id() {
        return id;
    }

    @PreDestroy
    void destroyed() {
        Probe.event("req.destroyed:" + id + ":" + Thread.currentThread().getName());
    }
}
