package io.websock.cdi;

import io.websock.jakarta.WsClient;
import io.websock.cdi.se.LimitedHandler;
import io.websock.jakarta.WebSockServer;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SPEC §2.4 / issue item 6: CDI-registered handlers deliver info messages on the server's default
 * {@code ManagedExecutorService} ({@code java:comp/DefaultManagedExecutorService}) when JNDI has one, and
 * on the library default otherwise. JNDI is simulated by an {@link InitialContextFactory} that knows
 * only that name, as a Jakarta EE server binds it.
 */
class ManagedExecutorTest {

    private static final String FACTORY = Context.INITIAL_CONTEXT_FACTORY;

    /** The "managed" executor the fake naming context hands out. */
    static final ExecutorService MANAGED = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "managed-executor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    /** An executor the application names itself, bound at {@code java:app/concurrent/websock}. */
    static final ExecutorService OWN = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "own-executor");
        t.setDaemon(true);
        return t;
    });

    /** A naming context with only {@code java:comp/DefaultManagedExecutorService} and {@code java:app/concurrent/websock}. */
    public static final class Naming implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Naming.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "lookup" -> {
                            if ("java:comp/DefaultManagedExecutorService".equals(String.valueOf(args[0]))) {
                                yield MANAGED;
                            }
                            if ("java:app/concurrent/websock".equals(String.valueOf(args[0]))) {
                                yield OWN;
                            }
                            throw new NameNotFoundException(String.valueOf(args[0]));
                        }
                        case "close" -> null;
                        case "toString" -> "test naming context";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new javax.naming.OperationNotSupportedException(method.getName());
                    });
        }
    }

    /** Names its own managed executor by JNDI name; any frame schedules an info message that tells its thread. */
    @WebSockHandler(path = "/own-executor", executor = "java:app/concurrent/websock")
    public static class OwnExecutorHandler implements io.websock.WebSock<io.websock.Connection> {

        @Override
        public io.websock.Result<io.websock.Connection> init(io.websock.Connection connection) {
            return io.websock.Result.ok(connection);
        }

        @Override
        public io.websock.Result<io.websock.Connection> handleIn(io.websock.Frame.Data frame, io.websock.Connection connection) {
            connection.sendAfter("later", java.time.Duration.ofMillis(50)); // from the timer: runs on the executor
            return io.websock.Result.ok(connection);
        }

        @Override
        public io.websock.Result<io.websock.Connection> handleInfo(Object message, io.websock.Connection connection) {
            return io.websock.Result.push(io.websock.Frame.text("info on " + Thread.currentThread().getName()), connection);
        }
    }

    private WeldContainer weld;
    private org.glassfish.tyrus.spi.ServerContainer tyrus;

    @AfterEach
    void stop() {
        System.clearProperty(FACTORY);
        if (weld != null) {
            weld.shutdown();
        }
        if (tyrus != null) {
            tyrus.stop();
        }
    }

    private String infoThread() throws Exception {
        weld = new Weld("websock-cdi-executor-" + System.nanoTime()).disableDiscovery()
                .addBeanClasses(LimitedHandler.class).addExtension(new WebSockExtension()).initialize();
        tyrus = ServerContainerFactory.createServerContainer(Map.of());
        weld.getBeanManager().getExtension(WebSockExtension.class).registerEndpoints(tyrus, WebSockServer.create());
        tyrus.start("/", 0);
        int port = ((TyrusServerContainer) tyrus).getPort();
        try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/limited"))) {
            client.nextText();
            client.text("later");
            return client.nextText();
        }
    }

    @Test
    @DisplayName("S22 with java:comp/DefaultManagedExecutorService bound, info callbacks run on that managed executor")
    void s22_managed_executor_when_bound() throws Exception {
        System.setProperty(FACTORY, Naming.class.getName());
        assertThat(infoThread()).startsWith("info on managed-executor-");
    }

    @Test
    @DisplayName("§2.4 @WebSockHandler(executor = \"java:app/concurrent/websock\"): callbacks run on the executor that name resolves to")
    void named_executor_runs_the_callbacks() throws Exception {
        System.setProperty(FACTORY, Naming.class.getName());
        weld = new Weld("websock-cdi-own-executor-" + System.nanoTime()).disableDiscovery()
                .addBeanClasses(OwnExecutorHandler.class).addExtension(new WebSockExtension()).initialize();
        tyrus = ServerContainerFactory.createServerContainer(Map.of());
        weld.getBeanManager().getExtension(WebSockExtension.class).registerEndpoints(tyrus, WebSockServer.create());
        tyrus.start("/", 0);
        int port = ((TyrusServerContainer) tyrus).getPort();
        try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/own-executor"))) {
            client.text("later");
            assertThat(client.nextText()).isEqualTo("info on own-executor");
        }
    }

    @Test
    @DisplayName("§2.4 @WebSockHandler(executor = ...) naming nothing fails the start, naming the handler and the name")
    void named_executor_that_does_not_resolve_fails_registration() {
        weld = new Weld("websock-cdi-no-executor-" + System.nanoTime()).disableDiscovery()
                .addBeanClasses(OwnExecutorHandler.class).addExtension(new WebSockExtension()).initialize();
        var container = ServerContainerFactory.createServerContainer(Map.of()); // never started
        WebSockServer server = WebSockServer.create();
        try {
            assertThatThrownBy(() -> weld.getBeanManager().getExtension(WebSockExtension.class).registerEndpoints(container, server))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(OwnExecutorHandler.class.getName())
                    .hasMessageContaining("@WebSockHandler(executor = \"java:app/concurrent/websock\"), which cannot be looked up");
        } finally {
            server.shutdown();
        }
    }

    @Test
    @DisplayName("S22 without a managed executor, info callbacks run on the library default")
    void s22_library_default_otherwise() throws Exception {
        assertThat(infoThread()).startsWith("info on websock-");
    }
}
