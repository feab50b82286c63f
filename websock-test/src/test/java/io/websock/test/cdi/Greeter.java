package io.websock.test.cdi;

/** A dependency of the handler under test; the test deploys only a fake of it. */
public interface Greeter {
    String greet(String name);
}
