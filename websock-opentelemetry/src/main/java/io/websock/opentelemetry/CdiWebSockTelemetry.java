package io.websock.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.websock.spi.WebSockEvents;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The CDI side of {@link WebSockTelemetry}: with {@code websock-cdi}, an application whose container offers an
 * {@link OpenTelemetry} bean (every MicroProfile Telemetry server does; an application may produce its own)
 * gets the WebSock metrics and upgrade spans without any code. This bean is discovered because this jar carries
 * {@code META-INF/beans.xml}; {@code websock-cdi} gives every {@link WebSockEvents} bean to its server when it
 * registers the {@code @WebSockHandler} endpoints. Without an {@code OpenTelemetry} bean it reports nothing;
 * callback spans stay off (use {@link WebSockTelemetry#builder} in code to turn them on).
 */
@ApplicationScoped
public class CdiWebSockTelemetry implements WebSockEvents {

    private static final System.Logger LOG = System.getLogger("io.websock");

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    private WebSockTelemetry telemetry;

    /** For CDI. */
    public CdiWebSockTelemetry() {
    }

    @PostConstruct
    void bind() {
        if (!openTelemetry.isResolvable()) {
            LOG.log(System.Logger.Level.INFO, "websock: no single OpenTelemetry bean; WebSock telemetry is off");
            return;
        }
        telemetry = WebSockTelemetry.create(openTelemetry.get());
    }

    @Override
    public void upgradeAdmitted(String path, long nanos) {
        if (telemetry != null) {
            telemetry.upgradeAdmitted(path, nanos);
        }
    }

    @Override
    public void upgradeRefused(String path, int status, Check check, long nanos) {
        if (telemetry != null) {
            telemetry.upgradeRefused(path, status, check, nanos);
        }
    }

    @Override
    public Connection connectionOpened(String path, String id) {
        return telemetry == null ? null : telemetry.connectionOpened(path, id);
    }
}
