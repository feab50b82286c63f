package io.websock.test.kit;

import io.websock.CloseReason;
import io.websock.jakarta.WebSockServer;
import io.websock.test.client.WebSockTestClient;
import io.websock.test.junit.EmbeddedContainer;
import io.websock.test.junit.Endpoints;
import io.websock.test.junit.WebSockEndpoints;
import io.websock.test.junit.WebSockPath;
import io.websock.test.junit.WebSockTest;
import io.websock.test.junit.WebSockTestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The extension on each embedded container, and a clean stop of each. */
class ContainersTest {

    /** What each container-specific class checks, with the server and a client the extension injected. */
    static void echoAndClose(EmbeddedContainer expected, WebSockTestServer server, WebSockTestClient client, URI uri) {
        assertThat(server.container()).isEqualTo(expected);
        assertThat(uri).isEqualTo(URI.create("ws://127.0.0.1:" + server.port() + "/cmd"));
        assertThat(client.uri()).isEqualTo(uri);
        client.sendText("hello").expectText("hello");
        client.sendBinary(new byte[]{1, 2, 3}).expectBinary(new byte[]{1, 2, 3});
        client.sendText("close 4000 bye").expectClose(4000, "bye");
    }

    @Nested
    @WebSockTest // Tomcat by default
    class OnTomcat {
        @WebSockEndpoints
        static void endpoints(Endpoints endpoints) {
            endpoints.add("/cmd", new CommandHandler());
        }

        @Test
        @DisplayName("Tomcat (the default): the handler answers on a free loopback port")
        void echo(WebSockTestServer server, @WebSockPath("/cmd") WebSockTestClient client, @WebSockPath("/cmd") URI uri) {
            echoAndClose(EmbeddedContainer.TOMCAT, server, client, uri);
        }
    }

    @Nested
    @WebSockTest(container = EmbeddedContainer.JETTY)
    class OnJetty {
        @WebSockEndpoints
        static void endpoints(Endpoints endpoints) {
            endpoints.add("/cmd", new CommandHandler());
        }

        @Test
        @DisplayName("Jetty 12 ee10: the handler answers on a free loopback port")
        void echo(WebSockTestServer server, @WebSockPath("/cmd") WebSockTestClient client, @WebSockPath("/cmd") URI uri) {
            echoAndClose(EmbeddedContainer.JETTY, server, client, uri);
        }
    }

    @Nested
    @WebSockTest(container = EmbeddedContainer.TYRUS)
    class OnTyrus {
        @WebSockEndpoints
        static void endpoints(Endpoints endpoints) {
            endpoints.add("/cmd", new CommandHandler());
        }

        @Test
        @DisplayName("Tyrus standalone: the handler answers on a free port")
        void echo(WebSockTestServer server, @WebSockPath("/cmd") WebSockTestClient client, @WebSockPath("/cmd") URI uri) {
            echoAndClose(EmbeddedContainer.TYRUS, server, client, uri);
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddedContainer.class)
    @DisplayName("S16 stopping the server closes each connection 1001 \"server shutting down\" and runs terminate(Shutdown)")
    void cleanStop(EmbeddedContainer container) throws Exception {
        CommandHandler handler = new CommandHandler();
        WebSockTestServer server = WebSockTestServer.start(container, endpoints -> endpoints.add("/cmd", handler));
        try (WebSockTestClient client = WebSockTestClient.connect(server.uri("/cmd"))) {
            client.sendText("up").expectText("up");
            server.close();
            client.expectClose(1001, "server shutting down");
            assertThat(handler.terminations).containsExactly(new CloseReason.Shutdown());
        } finally {
            server.close();
        }
    }

    /** The servers the PER_TEST tests saw: each must be a new one. */
    static final Set<WebSockServer> SEEN = ConcurrentHashMap.newKeySet();

    @Nested
    @WebSockTest(lifecycle = WebSockTest.Lifecycle.PER_TEST)
    class PerTest {
        final CommandHandler handler = new CommandHandler();

        @WebSockEndpoints
        void endpoints(Endpoints endpoints) { // an instance method: this test's own handler
            endpoints.add("/cmd", handler);
        }

        @Test
        @DisplayName("PER_TEST: a fresh server for each test, with the test instance's handler")
        void first(WebSockServer websock, @WebSockPath("/cmd") WebSockTestClient client) {
            check(websock, client);
        }

        @Test
        @DisplayName("PER_TEST: a fresh server for each test (second)")
        void second(WebSockServer websock, @WebSockPath("/cmd") WebSockTestClient client) {
            check(websock, client);
        }

        private void check(WebSockServer websock, WebSockTestClient client) {
            assertThat(SEEN.add(websock)).as("a server no other test saw").isTrue();
            client.sendText("hi").expectText("hi");
            assertThat(websock.connectionCount()).isEqualTo(1);
            client.sendClose(1000, "bye").expectClose(1000);
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.terminations.size() == 1);
        }
    }
}
