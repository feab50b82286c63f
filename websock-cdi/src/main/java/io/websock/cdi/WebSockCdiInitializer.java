package io.websock.cdi;

import io.websock.jakarta.WebSockServer;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import java.util.Set;

/**
 * Registers the {@link WebSockHandler} beans of a web application when it starts; registered in
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}, so applications do nothing.
 *
 * <p>It works the same way on Tomcat and Jetty (with Weld servlet), WildFly, Payara, GlassFish and Open
 * Liberty: the initializer creates the application's {@link WebSockServer} (which shuts down with the
 * servlet context) and adds a {@code ServletContextListener}; at {@code contextInitialized} — when CDI
 * has booted and the {@code ServerContainer} exists on every one of these containers — the listener
 * finds the extension through {@code CDI.current()} and adds the endpoints. Any failure there fails the
 * deployment.
 *
 * <p>When the application has a {@link io.websock.spi.TopicBus} bean (typically
 * {@code @Produces @ApplicationScoped TopicBus bus()}), the server's topics publish through it from then on
 * (before that, while the application starts, they are local); the server closes it when it shuts down.
 */
public final class WebSockCdiInitializer implements ServletContainerInitializer {

    private static final System.Logger LOG = System.getLogger("io.websock.cdi");

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (!cdiApiPresent()) {
            LOG.log(System.Logger.Level.DEBUG, "websock: no CDI API in {0}; @WebSockHandler beans are not looked for",
                    context.getContextPath());
            return;
        }
        // Created here, where addListener is still allowed, so the server shuts down with the context. Its bus
        // is bound to the application's TopicBus bean (if any) once CDI runs; unless the application made the
        // server itself first (WebSockServer.of(context, bus)), then that bus stays.
        boolean made = context.getAttribute(WebSockServer.class.getName()) != null;
        DeferredTopicBus bus = made ? null : new DeferredTopicBus();
        WebSockServer server = made ? WebSockServer.of(context) : WebSockServer.of(context, bus);
        context.addListener(new Registrar(server, bus));
    }

    private static boolean cdiApiPresent() {
        try {
            Class.forName("jakarta.enterprise.inject.spi.CDI", false, WebSockCdiInitializer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Adds the endpoints once CDI and the WebSocket container are up. */
    static final class Registrar implements ServletContextListener {
        private final WebSockServer server;
        private final DeferredTopicBus bus;

        Registrar(WebSockServer server, DeferredTopicBus bus) {
            this.server = server;
            this.bus = bus;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServletContext context = event.getServletContext();
            BeanManager bm;
            try {
                bm = CDI.current().getBeanManager();
            } catch (IllegalStateException noCdi) {
                LOG.log(System.Logger.Level.WARNING, "websock: websock-cdi is deployed in {0} but no CDI container "
                        + "runs there ({1}); @WebSockHandler beans are not registered", context.getContextPath(),
                        noCdi.getMessage());
                return;
            }
            WebSockExtension extension = bm.getExtension(WebSockExtension.class);
            io.websock.spi.TopicBus produced = extension.topicBus(bm);
            if (produced != null) {
                if (bus == null) {
                    throw new IllegalStateException("websock: the application produces a TopicBus bean, but the "
                            + "WebSockServer of " + context.getContextPath() + " was created before websock-cdi could "
                            + "give it that bus: drop the bean, or do not call WebSockServer.of yourself");
                }
                bus.bind(produced);
                LOG.log(System.Logger.Level.INFO, "websock: topics of {0} publish through {1}", context.getContextPath(), produced);
            }
            if (extension.handlers().isEmpty()) {
                return;
            }
            ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
            if (container == null) {
                throw new IllegalStateException("websock: " + extension.handlers().size() + " @WebSockHandler beans "
                        + extension.handlers().values() + " but no jakarta.websocket.server.ServerContainer in the "
                        + "servlet context: enable WebSocket support in the server");
            }
            try {
                extension.registerEndpoints(container, server);
            } catch (DeploymentException e) {
                throw new IllegalStateException("websock: registering @WebSockHandler endpoints failed: " + e.getMessage(), e);
            }
        }
    }
}
