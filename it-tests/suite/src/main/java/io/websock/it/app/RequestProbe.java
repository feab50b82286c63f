package io.websock.it.app;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/**
 * A request-scoped bean: calling it proves a request context is active in the callback, and its id shows
 * whether two callbacks shared one context (they must not: one context per callback, S22).
 */
@RequestScoped
public class RequestProbe {

    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
