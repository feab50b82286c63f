package io.websock.test.cdi;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts destroyed handler instances. */
@ApplicationScoped
public class Lifecycle {
    private final AtomicInteger destroyed = new AtomicInteger();

    void destroyed() {
        destroyed.incrementAndGet();
    }

    public int destroyedCount() {
        return destroyed.get();
    }
}
