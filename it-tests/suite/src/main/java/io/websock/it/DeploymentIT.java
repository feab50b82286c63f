package io.websock.it;

import io.websock.test.client.RawWebSocket;
import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import org.assertj.core.api.SoftAssertions;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens at the edges of a deployment's life, which needs WARs the test deploys and undeploys itself:
 * S16 (undeploy and drain) and S22's definition errors. The handler logs outlive the application because
 * they are files ({@link io.websock.it.app.EventLog}).
 */
@ExtendWith(ArquillianExtension.class)
class DeploymentIT {

    private static final int CONNECTIONS = 3;

    @Deployment(name = "drain", managed = false, testable = false)
    static WebArchive drainWar() {
        return Deployments.war("drain");
    }

    @Deployment(name = "undeploy", managed = false, testable = false)
    static WebArchive undeployWar() {
        return Deployments.war("undeploy");
    }

    /** Its own WAR: on Jetty a second deployment of the same WAR in one run did not shut down at undeploy (see docs/decisions.md). */
    @Deployment(name = "undeploy-idle", managed = false, testable = false)
    static WebArchive undeployIdleWar() {
        return Deployments.war("undeploy-idle");
    }

    @Deployment(name = "bad", managed = false, testable = false)
    static WebArchive badWar() {
        return Deployments.badWar("bad");
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    @DisplayName("S16 undeploy → every connection gets close 1001 and terminate(Shutdown)")
    void s16_undeploy() {
        deployer.deploy("undeploy");
        Site site = Site.unmanaged("undeploy");
        List<String> tags = new ArrayList<>();
        List<WebSockTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                String tag = Site.tag("s16-undeploy-" + i);
                tags.add(tag);
                WebSockTestClient client = Site.connect(site.ws(Site.logged("/script", tag)));
                clients.add(client);
                client.sendText("hello " + i);
                assertThat(client.nextText()).isEqualTo("hello " + i);
            }
        } finally {
            deployer.undeploy("undeploy");
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            WebSockTestClient client = clients.get(i);
            assertThat(client.awaitClose(Duration.ofSeconds(15))).isEqualTo(new Received.Close(1001, "server shutting down"));
            assertThat(Site.awaitTerminate(tags.get(i), Duration.ofSeconds(15))).isEqualTo("Shutdown");
            Site.assertInvariants(tags.get(i));
            client.close();
        }
    }

    @Test
    @DisplayName("S16 undeploy → a connection with a 2 s idle timeout (ping every 500 ms, answered) ends with 1001 and terminate(Shutdown), not Timeout")
    void s16_undeployShortIdleTimeout() {
        deployer.deploy("undeploy-idle");
        Site site = Site.unmanaged("undeploy-idle");
        String tag = Site.tag("s16-undeploy-short-idle");
        WebSockTestClient client;
        try {
            client = Site.connect(site.ws(Site.logged("/short-idle", tag)));
            client.sendText("hello");
            assertThat(client.nextText()).isEqualTo("hello");
            await("a pong on " + tag).atMost(Duration.ofSeconds(10)).until(() -> Site.events(tag).contains("pong"));
        } finally {
            deployer.undeploy("undeploy-idle");
        }
        assertThat(client.awaitClose(Duration.ofSeconds(15))).isEqualTo(new Received.Close(1001, "server shutting down"));
        assertThat(Site.awaitTerminate(tag, Duration.ofSeconds(15))).as("%s", Site.events(tag)).isEqualTo("Shutdown");
        Site.assertInvariants(tag);
        client.close();
    }

    @Test
    @DisplayName("S16 drain() → every connection gets close 1012 and terminate(Shutdown)")
    void s16_drain() {
        deployer.deploy("drain");
        try {
            Site site = Site.unmanaged("drain");
            List<String> tags = new ArrayList<>();
            List<WebSockTestClient> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                String tag = Site.tag("s16-drain-" + i);
                tags.add(tag);
                clients.add(Site.connect(site.ws(Site.logged("/script", tag))));
            }
            // A connection whose onOpen comes after drain() began is refused with 1012 before init (so no terminate):
            // the 101 can reach the client first (seen on Jetty), so wait until every connection's init ran.
            for (String tag : tags) {
                await("init of " + tag).atMost(Duration.ofSeconds(10)).until(() -> Site.events(tag).contains("init"));
            }
            clients.get(0).sendText("drain");
            for (int i = 0; i < CONNECTIONS; i++) {
                assertThat(clients.get(i).awaitClose(Duration.ofSeconds(15))).isEqualTo(new Received.Close(1012, "service restart"));
                assertThat(Site.awaitTerminate(tags.get(i), Duration.ofSeconds(15))).isEqualTo("Shutdown");
                Site.assertInvariants(tags.get(i));
                clients.get(i).close();
            }
        } finally {
            deployer.undeploy("drain");
        }
    }

    @Test
    @DisplayName("S22 a WAR with an invalid handler fails to deploy (the definition error names the handler class) and serves nothing")
    void s22_definitionError() throws Exception {
        String outcome;
        String thrown = "";
        ServerLog log = ServerLog.capture(Server.current());
        try {
            try {
                deployer.deploy("bad");
                outcome = "context fails to start; Arquillian's deploy() does not throw";
            } catch (Exception e) { // Arquillian's DeploymentException is a checked exception
                thrown = causes(e);
                outcome = thrown.contains(BAD_HANDLER) ? "deploy() throws the definition error"
                        : "deploy() throws without the definition error (it is in the server log)";
            }
            // Wherever the server reports it, the definition error names the handler class and its problem.
            String reported = thrown;
            await("the definition error naming " + BAD_HANDLER + " in the deployment exception or in " + log.source())
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> definitionError(reported) || definitionError(log.text()));
            log.close();
            Site site = Site.unmanaged("bad");
            try (RawWebSocket u = RawWebSocket.upgrade(site.ws("/script"))) {
                assertThat(u.status()).as("the failed application must not upgrade: %s", u.head()).isNotEqualTo(101);
            }
            SoftAssertions soft = new SoftAssertions();
            Server.current().check(soft, "S22 WAR with an invalid handler", outcome);
            soft.assertAll();
        } finally {
            log.close(); // idempotent
            try {
                deployer.undeploy("bad");
            } catch (RuntimeException alreadyGone) {
                // some servers never registered the failed deployment
            }
        }
    }

    /** The bad WAR's handler (a name only: loading it here would need websock-cdi on the test class path). */
    private static final String BAD_HANDLER = "io.websock.it.bad.MisnamedHandler";

    /** A line naming the invalid handler's class and its problem: the extension's definition error, not any mention. */
    private static boolean definitionError(String text) {
        return text.lines().anyMatch(l -> l.contains(BAD_HANDLER) && l.contains("malformed path"));
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
