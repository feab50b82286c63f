package io.websock.jakarta;

import io.websock.Frame;
import io.websock.Result;
import io.websock.UpgradeDecision;
import io.websock.WebSockOptions;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The servlet-side upgrade ({@link WebSockUpgrade}) on embedded Tomcat 10.1 — Tyrus standalone has no
 * servlet layer, so {@code upgradeHttpToWebSocket} does not exist there.
 */
class ServletUpgradeTest {

    private final List<Object> outcomes = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();

    private final Scripted handler = new Scripted().init(c -> Result.push(Frame.text(
            "room=" + c.handshake().pathParameter("room") + ";user=" + c.handshake().attribute("user")
                    + ";protocol=" + c.handshake().subprotocol()), 0));

    private final WebSockOptions options = WebSockOptions.builder()
            .subprotocols("v1.chat")
            .upgradeChecks(request -> "bad".equals(request.queryParameter("token"))
                    ? UpgradeDecision.reject(401, "who are you?").withHeader("WWW-Authenticate", "Bearer")
                    : UpgradeDecision.permit().withAttribute("user", request.queryParameter("token") + "@" + request.remoteAddress())
                            .withHeader("X-Room", request.pathParameter("room")))
            .build();

    /**
     * Tyrus-based servers return from {@code upgradeHttpToWebSocket} without upgrading an unregistered path.
     * This request shows exactly that: the real Tomcat container, with that one call a no-op.
     */
    private static final class SilentContainer extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final ServletContext context;

        SilentContainer(HttpServletRequest request) {
            super(request);
            ServletContext real = request.getServletContext();
            ServerContainer container = (ServerContainer) real.getAttribute(ServerContainer.class.getName());
            ServerContainer silent = (ServerContainer) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{ServerContainer.class}, (proxy, method, args) ->
                            method.getName().equals("upgradeHttpToWebSocket") ? null : invoke(method, container, args));
            context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ServletContext.class},
                    (proxy, method, args) -> method.getName().equals("getAttribute")
                            && ServerContainer.class.getName().equals(args[0]) ? silent : invoke(method, real, args));
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public ServletContext getServletContext() {
            return context;
        }
    }

    private void servlet(ServletContext context) {
        context.addServlet("up", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
                try {
                    outcomes.add(WebSockUpgrade.upgrade(req, resp, handler, options, Map.of("room", req.getPathInfo().substring(1))));
                } catch (RuntimeException e) {
                    thrown.set(e);
                    throw e;
                }
            }
        }).addMapping("/up/*");
    }

    @Test
    @DisplayName("Servlet-side upgrade: path parameters, check attributes and headers reach init and the 101; subprotocol echoed")
    void upgrades() throws Exception {
        try (TestServer server = TestServer.start(TestServer.Kind.TOMCAT, (ws, c) -> { }, (ctx, ws) -> servlet(ctx))) {
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/up/lobby?token=ann", "Sec-WebSocket-Protocol: x, v1.chat")) {
                assertThat(u.status).as(u.head).isEqualTo(101);
                assertThat(u.header("Sec-WebSocket-Accept")).isEqualTo(RawUpgrade.ACCEPT);
                assertThat(u.header("X-Room")).isEqualTo("lobby");
                assertThat(u.header("Sec-WebSocket-Protocol")).isEqualTo("v1.chat");
                assertThat(u.read().text()).isEqualTo("room=lobby;user=ann@127.0.0.1;protocol=v1.chat");
                assertThat(server.websock().connectionCount()).as("owned by WebSockServer.of(context)").isEqualTo(1);
            }
            try (WsClient client = WsClient.connect(server.uri("/up/attic?token=jdk"))) {
                assertThat(client.nextText()).isEqualTo("room=attic;user=jdk@127.0.0.1;protocol=");
                client.text("echo");
                assertThat(client.nextText()).isEqualTo("echo");
            }
            assertThat(outcomes).containsExactly(true, true);
            assertThat(thrown.get()).isNull();
        }
    }

    @Test
    @DisplayName("Servlet-side upgrade: invalid request 400 with the exact message, cross-origin 403, subprotocol 403, check 401")
    void refuses() throws Exception {
        try (TestServer server = TestServer.start(TestServer.Kind.TOMCAT, (ws, c) -> { }, (ctx, ws) -> servlet(ctx))) {
            int port = server.port();
            try (RawUpgrade u = RawUpgrade.send(port, "GET /up/lobby HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: keep-alive\r\nSec-WebSocket-Key: " + RawUpgrade.KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")) {
                assertThat(u.status).isEqualTo(400);
                assertThat(u.body).isEqualTo("'connection' header must contain 'upgrade', got [\"keep-alive\"]");
            }
            try (RawUpgrade u = RawUpgrade.send(port, "POST /up/lobby HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + RawUpgrade.KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Content-Length: 0\r\n\r\n")) {
                assertThat(u.status).isEqualTo(400);
                assertThat(u.body).isEqualTo("HTTP method POST unsupported");
            }
            try (RawUpgrade u = RawUpgrade.get(port, "/up/lobby", "Origin: https://evil.example")) {
                assertThat(u.status).isEqualTo(403);
                assertThat(u.body).isEqualTo("origin \"https://evil.example\" is not allowed");
            }
            try (RawUpgrade u = RawUpgrade.get(port, "/up/lobby", "Sec-WebSocket-Protocol: v9")) {
                assertThat(u.status).isEqualTo(403);
            }
            try (RawUpgrade u = RawUpgrade.get(port, "/up/lobby?token=bad")) {
                assertThat(u.status).isEqualTo(401);
                assertThat(u.header("WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(u.body).isEqualTo("who are you?");
            }
            // The servlet records its outcome after the response has gone out: wait for the fifth.
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ZERO).atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> outcomes.size() == 5);
            assertThat(outcomes).containsExactly(false, false, false, false, false);
            assertThat(handler.recorder.opened).isEmpty();
        }
    }

    @Test
    @DisplayName("Servlet-side upgrade on a container that returns without upgrading (as Tyrus does) fails loudly, never a silent 200")
    void silentContainerFailsLoudly() throws Exception {
        try (TestServer server = TestServer.start(TestServer.Kind.TOMCAT, (ws, c) -> { }, (ctx, ws) ->
                ctx.addServlet("silent", new HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
                        try {
                            outcomes.add(WebSockUpgrade.upgrade(new SilentContainer(req), resp, handler, options, Map.of("room", "lobby")));
                        } catch (RuntimeException e) {
                            thrown.set(e);
                            throw e;
                        }
                    }
                }).addMapping("/up/*"))) {
            try (RawUpgrade u = RawUpgrade.get(server.port(), "/up/lobby?token=ann")) {
                assertThat(u.status).isEqualTo(500);
            }
            await().until(() -> thrown.get() != null);
            assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Apache Tomcat/10.1")
                    .hasMessageContaining("without upgrading /up/lobby")
                    .hasMessageContaining("GlassFish, Payara")
                    .hasMessageContaining("addEndpoint");
            assertThat(handler.recorder.opened).isEmpty();
        }
    }
}
