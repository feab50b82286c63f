package io.websock.cdi.war.bus;

import io.websock.cdi.probe.Probe;
import io.websock.spi.TopicBus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The application's bus: delivers locally and records every call in the probe. */
@ApplicationScoped
public class BusProducer {

    @Produces
    @ApplicationScoped
    TopicBus bus() {
        return new ProbeBus();
    }

    /** Delivers locally, records attach, publish and close. */
    public static class ProbeBus implements TopicBus {
        private volatile Delivery local;

        @Override
        public void attach(Delivery local) {
            Probe.event("bus.attach");
            this.local = local;
        }

        @Override
        public int publish(String topic, Object message) {
            Probe.event("bus.publish:" + topic + ":" + message);
            return local.deliver(topic, message);
        }

        @Override
        public void close() {
            Probe.event("bus.close");
        }
    }
}
