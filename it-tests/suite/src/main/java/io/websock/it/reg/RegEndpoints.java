package io.websock.it.reg;

import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockServer;
import jakarta.servlet.ServletContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import java.time.Duration;

/**
 * What every registration WAR registers, however it gets there: {@code /reg} with default options, and
 * {@code /reg-idle} with a 2 s idle timeout and a ping every 500 ms (a client that answers pings stays).
 */
public final class RegEndpoints {

    /** The options of {@code /reg-idle}. */
    public static final WebSockOptions SHORT_IDLE = WebSockOptions.builder()
            .timeout(Duration.ofSeconds(2)).pingInterval(Duration.ofMillis(500)).build();

    private RegEndpoints() {
    }

    /** Adds both endpoints to the context's {@code ServerContainer}, owned by {@code server}. */
    public static void add(ServletContext context, WebSockServer server) {
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("no ServerContainer in " + context.getContextPath());
        }
        try {
            container.addEndpoint(server.endpoint("/reg", RegHandler::new, WebSockOptions.DEFAULTS));
            container.addEndpoint(server.endpoint("/reg-idle", RegHandler::new, SHORT_IDLE));
        } catch (DeploymentException e) {
            throw new IllegalStateException(e);
        }
    }
}
