package io.websock.test.cdi;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The fake the test injects instead of a real {@link Greeter}; records whom it greeted. */
@ApplicationScoped
public class FakeGreeter implements Greeter {
    private final List<String> greeted = new CopyOnWriteArrayList<>();

    @Override
    public String greet(String name) {
        greeted.add(name);
        return "fake hello " + name;
    }

    public List<String> greeted() {
        return List.copyOf(greeted);
    }
}
