package io.websock.test.cdi;

import jakarta.enterprise.context.RequestScoped;

/** Counts calls within one request: a fresh instance per callback shows the request context per callback. */
@RequestScoped
public class CallCounter {
    private int calls;

    public int next() {
        return ++calls;
    }
}
