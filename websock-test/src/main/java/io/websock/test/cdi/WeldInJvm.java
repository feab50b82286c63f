package io.websock.test.cdi;

import io.websock.cdi.WebSockExtension;
import io.websock.test.InJvmConnection;
import io.websock.test.InJvmServer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code @WebSockHandler} beans under test: Weld SE with exactly the bean classes you list (the handlers and
 * the fakes of their dependencies — nothing is discovered), and an {@link InJvmServer} whose connections get
 * the handler beans as a container deployment would: through websock-cdi's own extension, so the
 * annotation's options apply, every callback runs in a request context ({@code @RequestScoped} beans work),
 * a {@code @Dependent} handler is destroyed after its {@code terminate}, upgrade-check beans are part of the
 * options (not run: describe their outcome with the upgrade's attributes), and the injectable
 * {@code WebSockServer}, {@code Registry} and {@code Topics} are the in-JVM server's.
 *
 * <pre>{@code
 * try (WeldInJvm cdi = WeldInJvm.start(ChatHandler.class, FakeRooms.class)) {
 *     InJvmConnection ws = cdi.connect(ChatHandler.class, up -> up.pathParameter("room", "lobby"));
 *     ws.expectText("welcome to lobby");
 *     assertThat(cdi.select(FakeRooms.class).joined()).containsExactly("lobby");
 * }
 * }</pre>
 *
 * <p>Needs {@code io.websock:websock-cdi} and {@code org.jboss.weld.se:weld-se-core} on the test class path
 * (optional dependencies of {@code websock-test}: only users of this class add them). Like
 * {@link InJvmServer}, drive it from one thread; Weld's asynchronous events ({@code WebSockOpened},
 * {@code WebSockClosed}) are delivered on Weld's own threads.
 */
public final class WeldInJvm implements AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();

    private final WeldContainer weld;
    private final InJvmServer server;
    private final Map<String, ServerEndpointConfig> endpoints;
    private final Map<String, Class<?>> handlers;

    private WeldInJvm(WeldContainer weld) {
        this.weld = weld;
        try {
            this.server = InJvmServer.start();
            WebSockExtension extension = weld.getBeanManager().getExtension(WebSockExtension.class);
            this.endpoints = extension.endpoints(server.webSockServer());
            this.handlers = extension.handlers();
        } catch (RuntimeException | Error e) {
            weld.shutdown();
            throw e;
        }
    }

    /**
     * Boots Weld SE with exactly {@code beanClasses} (every class is a bean, annotated or not) and websock-cdi's
     * extension. Deployment problems fail here as they would at deployment (for example a definition error
     * naming a bad handler, or an unsatisfied dependency naming the injection point).
     */
    public static WeldInJvm start(Class<?>... beanClasses) {
        return start(weld -> { }, beanClasses);
    }

    /** As {@link #start(Class[])}, letting {@code configure} add to Weld first (alternatives, interceptors, extensions, properties). */
    public static WeldInJvm start(Consumer<Weld> configure, Class<?>... beanClasses) {
        Objects.requireNonNull(configure, "configure must not be null");
        Objects.requireNonNull(beanClasses, "beanClasses must not be null");
        Weld weld = new Weld("websock-test-" + IDS.incrementAndGet())
                .disableDiscovery()
                .setBeanDiscoveryMode(BeanDiscoveryMode.ALL)
                .addExtension(new WebSockExtension())
                .addBeanClasses(beanClasses);
        configure.accept(weld);
        return new WeldInJvm(weld.initialize());
    }

    /** The in-JVM server: the virtual clock ({@link InJvmServer#advance}), registry and topics. */
    public InJvmServer server() {
        return server;
    }

    /** Opens a connection to the handler bean {@code handlerClass} with an empty handshake (its path must have no parameters). */
    public InJvmConnection connect(Class<?> handlerClass) {
        return connect(handlerClass, UnaryOperator.identity());
    }

    /**
     * Opens a connection to the handler bean {@code handlerClass} at its {@code @WebSockHandler} path, with the
     * handshake {@code handshake} describes (path parameters, query, headers, attributes, principal).
     *
     * @throws IllegalArgumentException if {@code handlerClass} is not a deployed {@code @WebSockHandler} bean
     */
    public InJvmConnection connect(Class<?> handlerClass, UnaryOperator<InJvmServer.Upgrade> handshake) {
        Objects.requireNonNull(handlerClass, "handlerClass must not be null");
        Objects.requireNonNull(handshake, "handshake must not be null");
        String path = handlers.entrySet().stream().filter(e -> e.getValue().equals(handlerClass))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(handlerClass.getName()
                        + " is not a deployed @WebSockHandler bean; deployed: " + handlers));
        return handshake.apply(server.upgrade(path)).connect(endpoints.get(path));
    }

    /** A bean of the container, for example a fake to inspect what the handler did with it. */
    public <T> T select(Class<T> type, Annotation... qualifiers) {
        return weld.select(type, qualifiers).get();
    }

    /** Shuts the in-JVM server down (1001, {@code terminate(Shutdown)} for open connections), then Weld. */
    @Override
    public void close() {
        try {
            server.shutdown();
        } finally {
            weld.shutdown();
        }
    }
}
