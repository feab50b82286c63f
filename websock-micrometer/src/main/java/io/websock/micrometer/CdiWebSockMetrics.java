package io.websock.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.websock.spi.WebSockEvents;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Iterator;

/**
 * The CDI side of {@link WebSockMetrics}: with {@code websock-cdi}, an application that has a
 * {@link MeterRegistry} bean gets the WebSock meters in it without any code. This bean is discovered because
 * this jar carries {@code META-INF/beans.xml}; {@code websock-cdi} gives every {@link WebSockEvents} bean to its
 * server when it registers the {@code @WebSockHandler} endpoints.
 *
 * <p>With no {@code MeterRegistry} bean it reports nothing. With several it uses the first the container
 * offers and logs which (give the application one registry, a {@code CompositeMeterRegistry} if need be).
 */
@ApplicationScoped
public class CdiWebSockMetrics implements WebSockEvents {

    private static final System.Logger LOG = System.getLogger("io.websock");

    @Inject
    Instance<MeterRegistry> registries;

    private WebSockMetrics metrics;

    /** For CDI. */
    public CdiWebSockMetrics() {
    }

    @PostConstruct
    void bind() {
        if (registries.isUnsatisfied()) {
            LOG.log(System.Logger.Level.INFO, "websock: no MeterRegistry bean; WebSock metrics are off");
            return;
        }
        Iterator<MeterRegistry> it = registries.iterator();
        MeterRegistry registry = it.next();
        if (it.hasNext()) {
            LOG.log(System.Logger.Level.WARNING, "websock: several MeterRegistry beans; WebSock metrics go to {0}", registry);
        }
        LOG.log(System.Logger.Level.INFO, "websock: WebSock metrics go to {0}", registry);
        WebSockMetrics m = new WebSockMetrics();
        m.bindTo(registry);
        metrics = m;
    }

    @Override
    public void upgradeRefused(String path, int status, Check check, long nanos) {
        if (metrics != null) {
            metrics.upgradeRefused(path, status, check, nanos);
        }
    }

    @Override
    public Connection connectionOpened(String path, String id) {
        return metrics == null ? null : metrics.connectionOpened(path, id);
    }
}
