package io.websock.it.reg;

import io.websock.jakarta.WebSockServer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Registration from a {@code @WebListener}: {@code of()} and the endpoints in one place. */
@WebListener
public class RegWebListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        RegEndpoints.add(event.getServletContext(), WebSockServer.of(event.getServletContext()));
    }
}
