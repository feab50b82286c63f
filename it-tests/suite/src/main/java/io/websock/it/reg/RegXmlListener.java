package io.websock.it.reg;

import io.websock.jakarta.WebSockServer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Registration from a listener declared in {@code web.xml}: {@code of()} and the endpoints in one place. */
public class RegXmlListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        RegEndpoints.add(event.getServletContext(), WebSockServer.of(event.getServletContext()));
    }
}
