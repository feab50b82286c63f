package io.websock.it.reg;

import io.websock.jakarta.WebSockServer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Set;

/**
 * Registration from a {@code ServletContainerInitializer} (shipped in a jar of its own in WEB-INF/lib, as the
 * README says): {@code of()} here, the endpoints from a listener it adds, once the container exists everywhere.
 */
public class RegInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        WebSockServer server = WebSockServer.of(context);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                RegEndpoints.add(event.getServletContext(), server);
            }
        });
    }
}
