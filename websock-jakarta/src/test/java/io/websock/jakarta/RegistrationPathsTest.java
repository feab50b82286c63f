package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.WebSockOptions;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@code WebSockServer.of(ServletContext)} may be called first (issue 11.2), on embedded Tomcat: from a
 * declared listener (as {@code web.xml}/{@code @WebListener} declare it) it works and undeploy ends connections
 * with 1001 + {@code Shutdown}; from a listener added programmatically it fails at once, naming the right
 * places, and caches nothing.
 */
class RegistrationPathsTest {

    static final AtomicReference<WebSockServer> SERVER = new AtomicReference<>();
    static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();
    static final Scripted HANDLER = new Scripted();

    /** Declared by class name, as web.xml does: Tomcat instantiates it and calls it as a declared listener. */
    public static final class DeclaredListener implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            try {
                WebSockServer websock = WebSockServer.of(event.getServletContext());
                SERVER.set(websock);
                ((ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName()))
                        .addEndpoint(websock.endpoint("/s", HANDLER, WebSockOptions.DEFAULTS));
            } catch (Throwable t) {
                FAILURE.set(t);
            }
        }
    }

    private static Tomcat tomcat(java.util.function.Consumer<Context> configure) throws Exception {
        Path base = Files.createTempDirectory("websock-reg");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setThrowOnFailure(true);
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat runs filters (and so its upgrade filter) only for a request mapped to some servlet.
        Tomcat.addServlet(context, "default", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
                    throws java.io.IOException {
                resp.sendError(404);
            }
        });
        context.addServletMappingDecoded("/", "default");
        configure.accept(context);
        tomcat.start();
        return tomcat;
    }

    @Test
    @DisplayName("S16 of() first called from a declared ServletContextListener: serves, and stopping the context → 1001 + terminate(Shutdown)")
    void declaredListener() throws Exception {
        SERVER.set(null);
        FAILURE.set(null);
        Tomcat tomcat = tomcat(context -> context.addApplicationListener(DeclaredListener.class.getName()));
        try {
            assertThat(FAILURE.get()).as("of() from a declared listener").isNull();
            int port = tomcat.getConnector().getLocalPort();
            try (WsClient client = WsClient.connect(java.net.URI.create("ws://127.0.0.1:" + port + "/s"))) {
                client.text("hello");
                assertThat(client.nextText()).isEqualTo("hello");
                String id = HANDLER.recorder.onlyConnection();
                tomcat.stop();
                assertThat(client.awaitClose(WsClient.WAIT)).isEqualTo(new WsClient.Close(1001, "server shutting down"));
                assertThat(HANDLER.recorder.awaitTermination(id)).isEqualTo(CloseReason.SHUTDOWN);
                assertThat(SERVER.get().connectionCount()).isZero();
            }
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    @DisplayName("of() first called from a programmatically added listener fails at once, naming where to call it, and caches nothing")
    void programmaticListener() throws Exception {
        FAILURE.set(null);
        AtomicReference<Object> cached = new AtomicReference<>("unset");
        Tomcat tomcat = tomcat(context -> context.addServletContainerInitializer((classes, servletContext) ->
                servletContext.addListener(new ServletContextListener() {
                    @Override
                    public void contextInitialized(ServletContextEvent event) {
                        try {
                            WebSockServer.of(event.getServletContext());
                        } catch (Throwable t) {
                            FAILURE.set(t);
                        }
                        cached.set(event.getServletContext().getAttribute(WebSockServer.class.getName()));
                    }
                }), null));
        try {
            assertThat(FAILURE.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ServletContainerInitializer")
                    .hasMessageContaining("@WebListener");
            assertThat(cached.get()).as("nothing cached").isNull();
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
