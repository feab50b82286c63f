package io.websock.cdi;

import io.websock.jakarta.WsClient;
import io.websock.cdi.probe.Probe;
import io.websock.cdi.se.ConnectionStats;
import io.websock.cdi.se.EchoHandler;
import io.websock.cdi.se.RequestInfo;
import io.websock.jakarta.WebSockServer;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.spi.BeanManager;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 22 on CDI SE: Weld SE discovers the handler beans of package {@code io.websock.cdi.se} in
 * annotated mode (so {@code @WebSockHandler} alone makes them beans), the extension registers them on a
 * Tyrus standalone server (127.0.0.1, ephemeral port), and a JDK WebSocket client talks to them.
 */
class WeldSeTyrusTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern CALLBACK = Pattern.compile("(\\w+):(\\d+):(\\d+)");

    private static WeldContainer weld;
    private static org.glassfish.tyrus.spi.ServerContainer tyrus;
    private static WebSockServer websock;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        weld = new Weld("websock-cdi-se-test")
                .disableDiscovery()
                .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
                .addPackages(false, EchoHandler.class)
                .addExtension(new WebSockExtension())
                .initialize();
        tyrus = ServerContainerFactory.createServerContainer(Map.of());
        websock = WebSockServer.create();
        weld.getBeanManager().getExtension(WebSockExtension.class).registerEndpoints(tyrus, websock);
        tyrus.start("/", 0);
        port = ((TyrusServerContainer) tyrus).getPort();
    }

    @AfterAll
    static void stop() {
        if (weld != null) {
            weld.shutdown(); // BeforeShutdown ends the connections first (1001, terminate(Shutdown))
        }
        if (tyrus != null) {
            tyrus.stop();
        }
    }

    @BeforeEach
    void reset() {
        // Connections of the previous test end on the server after their client closed; wait for them.
        await().atMost(WAIT).until(() -> websock.connectionCount() == 0);
        Probe.reset();
    }

    private static URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Test
    @DisplayName("S22 handler beans are discovered by @WebSockHandler alone and registered at their paths")
    void s22_discovered_by_annotation() {
        assertThat(weld.getBeanManager().getExtension(WebSockExtension.class).handlers())
                .containsOnlyKeys("/echo/{room}", "/shared", "/limited", "/guarded");
        try (WsClient client = WsClient.connect(uri("/echo/lobby"))) {
            assertThat(client.nextText()).startsWith("hello lobby! #");
        }
    }

    @Test
    @DisplayName("S22 constructor, field and initializer injection and interceptors work in a handler")
    void s22_injection_and_interceptors() {
        try (WsClient client = WsClient.connect(uri("/echo/kitchen"))) {
            // constructor-injected Greeter, initializer-injected Suffix
            assertThat(client.nextText()).startsWith("hello kitchen! #");
            client.text("one");
            assertThat(client.nextText()).startsWith("echo one #");
            client.text("two");
            assertThat(client.nextText()).startsWith("echo two #");
        }
        // @Counted on handleIn: the interceptor ran for each message
        assertThat(Probe.count("intercepted.handleIn")).isEqualTo(2);
    }

    @Test
    @DisplayName("S22 the request context is active in init, handleIn, handleControl, handleInfo and terminate, one request per callback")
    void s22_request_scope_in_every_callback() {
        String instance;
        try (WsClient client = WsClient.connect(uri("/echo/r"))) {
            instance = client.nextText().replaceAll(".*#", "");
            client.text("hi");
            assertThat(client.nextText()).isEqualTo("echo hi #" + instance);
            client.pong(new byte[] {1});
            assertThat(client.nextText()).isEqualTo("pong seen");
            client.text("info"); // the handler sends itself an info message from a new thread
            assertThat(client.nextText()).isEqualTo("info from another thread");
            client.sendClose(1000, "done");
            client.awaitClose(WAIT);
        }
        await().atMost(WAIT).until(() -> Probe.events().contains("destroyed:" + instance));
        List<Matcher> calls = Probe.events().stream().map(CALLBACK::matcher).filter(Matcher::matches)
                .filter(m -> m.group(2).equals(instance)).toList();
        assertThat(calls).extracting(m -> m.group(1))
                .containsExactly("init", "in", "control", "in", "info", "terminate");
        // @RequestScoped RequestInfo resolved in each callback, a fresh request each time...
        assertThat(calls).extracting(m -> m.group(3)).doesNotHaveDuplicates();
        // ...and every request ended: each RequestInfo made was destroyed with its request.
        await().atMost(WAIT).until(() -> Probe.count("request.destroyed") == Probe.count("request.created"));
        assertThat(Probe.count("request.created")).isEqualTo(6);
    }

    @Test
    @DisplayName("S22 a @Dependent handler is one instance per connection, destroyed after its terminate")
    void s22_dependent_destroyed_after_terminate() {
        String ib;
        try (WsClient a = WsClient.connect(uri("/echo/a")); WsClient b = WsClient.connect(uri("/echo/b"))) {
            String ia = a.nextText().replaceAll(".*#", "");
            ib = b.nextText().replaceAll(".*#", "");
            assertThat(ia).isNotEqualTo(ib);
            a.sendClose(1000, "");
            a.awaitClose(WAIT);
            await().atMost(WAIT).until(() -> Probe.events().contains("destroyed:" + ia));
            List<String> events = Probe.events();
            assertThat(events.indexOf("destroyed:" + ia))
                    .as("destroyed after terminate: %s", events)
                    .isGreaterThan(indexOfPrefix(events, "terminate:" + ia + ":"));
            assertThat(events).doesNotContain("destroyed:" + ib);
            assertThat(events).containsOnlyOnce("destroyed:" + ia);
            b.text("still here");
            assertThat(b.nextText()).isEqualTo("echo still here #" + ib);
        }
        await().atMost(WAIT).until(() -> Probe.events().contains("destroyed:" + ib));
    }

    @Test
    @DisplayName("S22 an @ApplicationScoped handler is one instance shared by all connections and not destroyed with them")
    void s22_application_scoped_shared() {
        String first;
        try (WsClient a = WsClient.connect(uri("/shared")); WsClient b = WsClient.connect(uri("/shared"))) {
            first = a.nextText();
            assertThat(b.nextText()).isEqualTo(first);
            a.text("x");
            assertThat(a.nextText()).isEqualTo("x");
        }
        await().atMost(WAIT).until(() -> websock.connectionCount() == 0);
        assertThat(Probe.count("shared.destroyed")).isZero();
    }

    @Test
    @DisplayName("S22 the WebSock server, registry and topics are injectable into an unrelated bean and usable from a non-container thread")
    void s22_server_injectable_and_usable_from_any_thread() throws Exception {
        ConnectionStats stats = weld.select(ConnectionStats.class).get();
        try (WsClient a = WsClient.connect(uri("/shared")); WsClient b = WsClient.connect(uri("/shared"))) {
            a.nextText();
            b.nextText();
            java.util.concurrent.Executor plainThread = r -> new Thread(r, "plain-thread").start();
            assertThat(CompletableFuture.supplyAsync(stats::open, plainThread).get(10, TimeUnit.SECONDS)).isEqualTo(2);
            // Registry broadcast by path and a topic publish, from a thread with no CDI context at all.
            assertThat(CompletableFuture.supplyAsync(() -> stats.broadcastToShared("hello"), plainThread)
                    .get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(a.nextText()).isEqualTo("info:hello");
            assertThat(b.nextText()).isEqualTo("info:hello");
            assertThat(CompletableFuture.supplyAsync(() -> stats.publishNews("n1"), plainThread)
                    .get(10, TimeUnit.SECONDS)).isEqualTo(2); // both subscribed in init via injected Topics
            assertThat(a.nextText()).isEqualTo("info:n1");
            assertThat(b.nextText()).isEqualTo("info:n1");
        }
    }

    @Test
    @DisplayName("S22 upgrade-check beans run in @Priority order, for the handlers they name or for all")
    void s22_upgrade_check_beans() {
        try (WsClient client = WsClient.connect(uri("/guarded?token=secret"))) {
            // StampCheck (@Priority 10, all handlers) ran before TokenCheck (@Priority 20, GuardedHandler only),
            // which saw its attribute; both attributes reached init.
            assertThat(client.nextText()).isEqualTo("user=ann stamp=first sawStamp=first");
        }
        try (WsClient client = WsClient.connect(uri("/guarded"))) {
            // Tyrus standalone has no servlet layer to answer a status: the refusal arrives as close 1008
            // carrying the status and body (README, "Which statuses each way in can answer").
            WsClient.Close close = client.awaitClose(WAIT);
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).startsWith("401").contains("token required");
        }
        try (WsClient client = WsClient.connect(uri("/shared"))) {
            assertThat(client.nextText()).startsWith("instance #"); // TokenCheck names GuardedHandler only
        }
    }

    @Test
    @DisplayName("S22 annotation options apply: maxMessageSize → 1009, subprotocols negotiated")
    void s22_annotation_options_apply() {
        try (WsClient client = WsClient.connect(uri("/limited"), "v1", "v2")) {
            assertThat(client.nextText()).isEqualTo("subprotocol v2"); // server order wins
            client.text("0123456789abcdef"); // 16 bytes: accepted
            assertThat(client.nextText()).isEqualTo("0123456789abcdef");
            client.text("0123456789abcdefg"); // 17 bytes: too big
            assertThat(client.awaitClose(WAIT).code()).isEqualTo(1009);
        }
        await().atMost(WAIT).until(() -> !Probe.events("limited.terminate:").isEmpty());
        assertThat(Probe.events("limited.terminate:")).singleElement().asString().contains("message too big");
    }

    @Test
    @DisplayName("S22 async observers get WebSockOpened and WebSockClosed once per connection")
    void s22_connection_events() {
        try (WsClient client = WsClient.connect(uri("/shared"))) {
            client.nextText();
            await().atMost(WAIT).until(() -> Probe.events("opened:/shared:").size() == 1);
            client.sendClose(4000, "bye");
            client.awaitClose(WAIT);
        }
        await().atMost(WAIT).until(() -> Probe.events("closed:/shared:").size() == 1);
        String id = Probe.events("opened:/shared:").get(0).substring("opened:/shared:".length());
        assertThat(Probe.events("closed:/shared:").get(0)).startsWith("closed:/shared:" + id + ":Remote[code=4000");
    }

    @Test
    @DisplayName("S22 plain @Observes observers of WebSockOpened and WebSockClosed are not called (the events are asynchronous only)")
    void s22_connection_events_not_synchronous() {
        try (WsClient client = WsClient.connect(uri("/shared"))) {
            client.nextText();
            client.sendClose(4000, "bye");
            client.awaitClose(WAIT);
        }
        // Both events have been fired once the async observer saw the close; a plain observer would have run by then.
        await().atMost(WAIT).until(() -> Probe.events("closed:/shared:").size() == 1 && Probe.events("opened:/shared:").size() == 1);
        await("no plain @Observes observer called").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> Probe.events("sync-").isEmpty());
    }

    @Test
    @DisplayName("S22 a request context that is already active is used as is and left active")
    void s22_nested_request_context() {
        BeanManager bm = weld.getBeanManager();
        RequestContextController outer = weld.select(RequestContextController.class).get();
        RequestContextController inner = weld.select(RequestContextController.class).get();
        RequestInfo info = weld.select(RequestInfo.class).get();
        assertThat(outer.activate()).isTrue();
        try {
            int outerId = info.id();
            int innerId = ContextualWebSock.inRequestContext(inner, info::id);
            assertThat(innerId).as("same request inside").isEqualTo(outerId);
            assertThat(bm.getContext(RequestScoped.class).isActive()).as("still active after the inner call").isTrue();
            assertThat(info.id()).isEqualTo(outerId);
            assertThat(Probe.count("request.destroyed")).isZero();
        } finally {
            outer.deactivate();
        }
        assertThat(Probe.count("request.destroyed")).isEqualTo(1);
        // And without an outer context, the call gets its own request, ended afterwards.
        int own = ContextualWebSock.inRequestContext(inner, info::id);
        assertThat(own).isPositive();
        assertThatThrownBy(() -> bm.getContext(RequestScoped.class)).isInstanceOf(ContextNotActiveException.class);
        assertThat(Probe.count("request.destroyed")).isEqualTo(2);
    }

    private static int indexOfPrefix(List<String> events, String prefix) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no event starting with " + prefix + " in " + events);
    }
}
