package io.websock.it;

import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way the README names of calling {@code WebSockServer.of(ServletContext)} — a
 * {@code ServletContainerInitializer}, a {@code web.xml} listener, a {@code @WebListener} — in a WAR with
 * websock-jakarta alone, so that call is the application's first: the endpoints serve, and undeploy ends
 * every connection with close 1001 "server shutting down" and {@code terminate(Shutdown)}. One of the two
 * connections has a 2 s idle timeout with a ping every 500 ms: while the application stops it must still end
 * as {@code Shutdown}, never {@code Timeout} (issue 11.4).
 */
@ExtendWith(ArquillianExtension.class)
class RegistrationIT {

    @Deployment(name = "reg-sci", managed = false, testable = false)
    static WebArchive initializerWar() {
        return Deployments.registrationWar("reg-sci", Deployments.Registration.INITIALIZER);
    }

    @Deployment(name = "reg-webxml", managed = false, testable = false)
    static WebArchive webXmlWar() {
        return Deployments.registrationWar("reg-webxml", Deployments.Registration.WEB_XML_LISTENER);
    }

    @Deployment(name = "reg-weblistener", managed = false, testable = false)
    static WebArchive webListenerWar() {
        return Deployments.registrationWar("reg-weblistener", Deployments.Registration.WEB_LISTENER);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    @DisplayName("S16 of() from a ServletContainerInitializer: endpoints serve; undeploy → 1001 + terminate(Shutdown), also with a 2 s idle timeout")
    void initializer() {
        serveThenUndeploy("reg-sci");
    }

    @Test
    @DisplayName("S16 of() from a web.xml <listener>: endpoints serve; undeploy → 1001 + terminate(Shutdown), also with a 2 s idle timeout")
    void webXmlListener() {
        serveThenUndeploy("reg-webxml");
    }

    @Test
    @DisplayName("S16 of() from a @WebListener: endpoints serve; undeploy → 1001 + terminate(Shutdown), also with a 2 s idle timeout")
    void webListener() {
        serveThenUndeploy("reg-weblistener");
    }

    private void serveThenUndeploy(String war) {
        deployer.deploy(war);
        Site site = Site.unmanaged(war);
        String plainTag = Site.tag(war + "-plain");
        String idleTag = Site.tag(war + "-idle");
        WebSockTestClient plain;
        WebSockTestClient idle;
        try {
            plain = Site.connect(site.ws(Site.logged("/reg", plainTag)));
            idle = Site.connect(site.ws(Site.logged("/reg-idle", idleTag)));
            plain.sendText("hello plain");
            assertThat(plain.nextText()).isEqualTo("hello plain");
            idle.sendText("hello idle");
            assertThat(idle.nextText()).isEqualTo("hello idle");
            // The heartbeat runs and the client's pongs reach the handler before the application stops.
            await("a pong on " + idleTag).atMost(Duration.ofSeconds(10)).until(() -> Site.events(idleTag).contains("pong"));
        } finally {
            deployer.undeploy(war);
        }
        for (var c : List.of(new Object[]{plain, plainTag}, new Object[]{idle, idleTag})) {
            WebSockTestClient client = (WebSockTestClient) c[0];
            String tag = (String) c[1];
            assertThat(client.awaitClose(Duration.ofSeconds(15))).as("close seen by " + tag)
                    .isEqualTo(new Received.Close(1001, "server shutting down"));
            assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(15))).as("terminate of " + tag + ": " + Site.events(tag))
                    .isEqualTo("Shutdown");
            Site.assertInvariants(tag);
            client.close();
        }
    }
}
