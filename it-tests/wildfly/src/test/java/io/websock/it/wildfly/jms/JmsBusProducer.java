package io.websock.it.wildfly.jms;

import io.websock.jms.JmsTopicBus;
import io.websock.spi.TopicBus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Topic;

/** The application's bus: WildFly's own broker (standalone-full), its in-VM connection factory and the shared topic. */
@ApplicationScoped
public class JmsBusProducer {

    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory factory;
    @Resource(lookup = "java:/jms/topic/websock")
    Topic topic;
    /** The server's default ManagedThreadFactory (declared as its super-interface: no concurrency API needed here). */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    java.util.concurrent.ThreadFactory threads;

    @Produces
    @ApplicationScoped
    TopicBus bus() {
        return JmsTopicBus.builder(factory, topic).threadFactory(threads).build();
    }
}
