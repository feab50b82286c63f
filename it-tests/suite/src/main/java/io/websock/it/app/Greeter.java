package io.websock.it.app;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/** An application-scoped bean shared by every connection: proves injection into handlers (S22). */
@ApplicationScoped
public class Greeter {

    private final AtomicInteger greeted = new AtomicInteger();

    /** A greeting that also counts, so two connections can see that they share this one instance. */
    public String greet(String name) {
        return "hello " + name + " #" + greeted.incrementAndGet();
    }
}
