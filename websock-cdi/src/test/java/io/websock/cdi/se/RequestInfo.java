package io.websock.cdi.se;

import io.websock.cdi.probe.Probe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;

/** A request-scoped bean: each instance gets a new id; its end is counted. */
@RequestScoped
public class RequestInfo {
    private int id;

    @PostConstruct
    void created() {
        id = Probe.nextId();
        Probe.increment("request.created");
    }

    public int id() {
        return id;
    }

    @PreDestroy
    void destroyed() {
        Probe.increment("request.destroyed");
    }
}
