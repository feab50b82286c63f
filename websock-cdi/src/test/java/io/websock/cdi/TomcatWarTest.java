package io.websock.cdi;

import io.websock.jakarta.WsClient;
import io.websock.cdi.probe.Probe;
import io.websock.cdi.war.app.WarHandler;
import io.websock.cdi.war.bad.NegativeSizeHandler;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 22 in a real container: a WAR-shaped application (handler beans in {@code WEB-INF/classes},
 * websock-jakarta, websock-cdi and Weld servlet in {@code WEB-INF/lib}, no registration code at all)
 * deployed on embedded Tomcat 10.1 (127.0.0.1, ephemeral port), talked to by a JDK WebSocket client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatWarTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern CALLBACK = Pattern.compile("war\\.(\\w+):(\\d+):(\\d+).*");

    @TempDir
    static Path base;
    private static Tomcat tomcat;
    private static Context context;

    @BeforeAll
    static void deploy() throws Exception {
        Path war = ExplodedWar.build(base.resolve("chat"), WarHandler.class);
        tomcat = tomcat(base.resolve("tomcat"));
        context = addWebapp(tomcat, "/chat", war);
        tomcat.start();
        assertThat(context.getState()).isEqualTo(LifecycleState.STARTED);
    }

    static Tomcat tomcat(Path dir) throws Exception {
        Tomcat t = new Tomcat();
        t.setBaseDir(Files.createDirectories(dir).toString());
        t.setPort(0);
        t.getConnector().setProperty("address", "127.0.0.1");
        t.getConnector().setThrowOnFailure(true);
        t.setAddDefaultWebXmlToWebapp(false); // no JSP engine here; the WAR's web.xml maps the default servlet
        t.getHost().setAutoDeploy(false);
        return t;
    }

    /**
     * Deploys {@code war}. The web application's parent class loader is the test's, which also holds
     * Weld SE and this module's classes: hide their CDI service files and bean archives, so the
     * application sees only what its WAR brings, as on a real server.
     */
    static Context addWebapp(Tomcat t, String path, Path war) {
        Context ctx = t.addWebapp(path, war.toString());
        ctx.setParentClassLoader(new HidingLoader(TomcatWarTest.class.getClassLoader()));
        // Scan the WAR only, not the test class path (which holds Tyrus's ServerApplicationConfig).
        ((org.apache.tomcat.util.scan.StandardJarScanner) ctx.getJarScanner()).setScanClassPath(false);
        return ctx;
    }

    private static final class HidingLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        HidingLoader(ClassLoader parent) {
            super(parent);
        }

        private static boolean hidden(String name) {
            return name.startsWith("META-INF/services/jakarta.enterprise.") || name.startsWith("META-INF/services/org.jboss.weld.")
                    || name.equals("META-INF/beans.xml");
        }

        @Override
        public java.net.URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
            return hidden(name) ? java.util.Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @BeforeEach
    void reset() {
        Probe.reset();
    }

    private static URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/chat" + path);
    }

    @Test
    @Order(0)
    @DisplayName("S22 (Tomcat WAR) registry and topics injected into an application service work from a plain thread")
    void s22_war_registry_and_topics_from_a_plain_thread() {
        try (var a = WsClient.connect(uri("/ws/lobby"));
             var b = WsClient.connect(uri("/ws/lobby"));
             var c = WsClient.connect(uri("/ws/garden"))) {
            a.nextText();
            b.nextText();
            c.nextText();
            a.text("fanout");
            // Per-sender order: the broadcast, then the room's publish, then the report — to a alike.
            assertThat(a.nextText()).isEqualTo("to all");
            assertThat(a.nextText()).isEqualTo("to lobby");
            assertThat(a.nextText()).isEqualTo("reached 3/2");
            assertThat(b.nextText()).isEqualTo("to all");
            assertThat(b.nextText()).isEqualTo("to lobby");
            assertThat(c.nextText()).isEqualTo("to all"); // another room: the broadcast only
            c.text("still here");
            assertThat(c.nextText()).isEqualTo("still here");
        }
    }

    @Test
    @Order(1)
    @DisplayName("S22 (Tomcat WAR) an upgrade-check bean refuses with its own HTTP status before the upgrade")
    void s22_war_upgrade_check_bean() throws Exception {
        var failure = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri("/ws/lobby?deny=1"), new java.net.http.WebSocket.Listener() { })
                .handle((ws, error) -> error).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(failure).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        var response = ((java.net.http.WebSocketHandshakeException) failure.getCause()).getResponse();
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("denied");
        try (var client = WsClient.connect(uri("/ws/lobby"))) { // permitted without the parameter
            assertThat(client.nextText()).startsWith("welcome to lobby #");
        }
    }

    @Test
    @Order(1)
    @DisplayName("S22 (Tomcat WAR) the handler bean is discovered, registered and injected with no registration code")
    void s22_war_discovered_and_injected() {
        try (var client = WsClient.connect(uri("/ws/lobby"))) {
            assertThat(client.nextText()).startsWith("welcome to lobby #");
            client.text("hi");
            assertThat(client.nextText()).isEqualTo("hi");
        }
    }

    @Test
    @Order(2)
    @DisplayName("S22 (Tomcat WAR) @RequestScoped works in every callback; @Dependent handler destroyed after terminate")
    void s22_war_request_scope_and_dependent_destroy() {
        String instance;
        try (var client = WsClient.connect(uri("/ws/r"))) {
            instance = client.nextText().replaceAll(".*#", "");
            client.text("echo");
            assertThat(client.nextText()).isEqualTo("echo");
            client.pong(new byte[] {7});
            assertThat(client.nextText()).isEqualTo("pong seen");
            client.text("count"); // info from a plain thread, via the injected WebSockServer
            assertThat(client.nextText()).isEqualTo("count 1");
            client.sendClose(1000, "");
            client.awaitClose(WAIT);
        }
        await().atMost(WAIT).until(() -> Probe.events().contains("war.destroyed:" + instance));
        List<String> events = Probe.events();
        List<Matcher> calls = events.stream().map(CALLBACK::matcher).filter(Matcher::matches)
                .filter(m -> m.group(2).equals(instance)).toList();
        assertThat(calls).extracting(m -> m.group(1)).containsExactly("init", "in", "control", "in", "info", "terminate");
        assertThat(calls).extracting(m -> m.group(3)).doesNotHaveDuplicates();
        assertThat(events.indexOf("war.destroyed:" + instance)).isEqualTo(events.size() - 1);
        // Each callback's request-scoped bean was created and destroyed on the callback's own thread.
        for (Matcher call : calls) {
            String created = events.stream().filter(e -> e.startsWith("req.created:" + call.group(3) + ":")).findFirst()
                    .orElseThrow();
            String thread = created.substring(created.indexOf(':', "req.created:".length()) + 1);
            assertThat(events).as("request of %s ended", call.group()).contains("req.destroyed:" + call.group(3) + ":" + thread);
        }
    }

    @Test
    @Order(3)
    @DisplayName("S22 (Tomcat WAR) undeploy ends connections with 1001, terminate(Shutdown), then destroys the handler")
    void s22_war_undeploy() throws Exception {
        var client = WsClient.connect(uri("/ws/last"));
        String instance = client.nextText().replaceAll(".*#", "");
        context.stop();
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1001);
        await().atMost(WAIT).until(() -> Probe.events().contains("war.destroyed:" + instance));
        assertThat(Probe.events()).anyMatch(e -> e.startsWith("war.terminate:" + instance + ":") && e.endsWith("Shutdown[]"));
        client.close();
    }

    @Test
    @DisplayName("S22 (Tomcat WAR) a WAR with an invalid handler option fails to deploy, naming bean, option and value")
    void s22_war_definition_error_fails_deployment() throws Exception {
        Path war = ExplodedWar.build(base.resolve("bad"), NegativeSizeHandler.class);
        ConcurrentLinkedQueue<String> logged = new ConcurrentLinkedQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                    logged.add(String.valueOf(t.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Tomcat bad = tomcat(base.resolve("tomcat-bad"));
        try {
            Context ctx = addWebapp(bad, "/bad", war);
            try {
                bad.start();
            } catch (Exception expected) {
                // Tomcat may report the failed child; the context state is what counts
            }
            assertThat(ctx.getState()).isNotEqualTo(LifecycleState.STARTED);
            assertThat(String.join("\n", logged)).contains(NegativeSizeHandler.class.getName(),
                    "maxMessageSize = \"-1\"", "must be positive");
        } finally {
            root.removeHandler(capture);
            bad.stop();
            bad.destroy();
        }
    }
}
