package io.websock.micrometer.cdi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Produces;

/** The application's registry, as an application would produce it: no WebSock code at all. */
public class Registry {

    /** The one registry of the test application. */
    @Produces
    public static final MeterRegistry REGISTRY = new SimpleMeterRegistry();
}
