package io.websock.cdi.se;

import jakarta.enterprise.context.ApplicationScoped;

/** A plain application-scoped service handlers get injected. */
@ApplicationScoped
public class Greeter {
    public String greet(String name) {
        return "hello " + name;
    }
}
