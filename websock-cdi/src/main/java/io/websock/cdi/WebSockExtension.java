package io.websock.cdi;

import io.websock.Registry;
import io.websock.Topics;
import io.websock.UpgradeCheck;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.jakarta.PathTemplate;
import io.websock.jakarta.WebSockServer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ConversationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The portable extension (registered in {@code META-INF/services}) that finds {@link WebSockHandler}
 * beans, checks them at deployment and registers their paths.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li>Deployment fails with a definition error naming the bean and the problem for: a class annotated
 *       {@code @WebSockHandler} that does not implement {@link WebSock} or that CDI cannot make a bean of;
 *       no path, or a malformed path template; two handlers on one path (templates that differ only in
 *       parameter names count as one path); an invalid option value; a request, session or conversation
 *       scoped handler. Nothing annotated is ever skipped silently.</li>
 *   <li>In a web application the paths are registered with the {@code ServerContainer} when the
 *       application starts (by {@link WebSockCdiInitializer}, nothing to configure). Elsewhere (CDI SE
 *       with a standalone WebSocket server) call {@link #registerEndpoints}.</li>
 *   <li>{@code @Dependent} handlers: one instance per connection, destroyed after its {@code terminate}.
 *       {@code @ApplicationScoped} / {@code @Singleton} handlers: one instance for all connections.</li>
 *   <li>The request context is active during every callback ({@link ContextualWebSock}).</li>
 *   <li>The {@link WebSockServer} the handlers were registered with is an injectable {@code @Dependent}
 *       bean (thread-safe, usable from any bean and any thread once the application has started).</li>
 *   <li>When the CDI container shuts down, that server is shut down first (close 1001,
 *       {@code terminate(Shutdown)}), so {@code terminate} and {@code @PreDestroy} still run with CDI alive.</li>
 * </ul>
 */
public class WebSockExtension implements Extension {

    private static final System.Logger LOG = System.getLogger("io.websock.cdi");
    private static final Set<Class<? extends Annotation>> PER_CALL_SCOPES =
            Set.of(RequestScoped.class, SessionScoped.class, ConversationScoped.class);

    /** Annotated types seen; each must become a managed bean, or deployment fails. */
    private final Map<Class<?>, AnnotatedType<?>> annotated = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<HandlerBean> handlers = new CopyOnWriteArrayList<>();
    /** Collected while beans are processed and reported together after discovery, so all show at once. */
    private final List<DefinitionException> errors = new CopyOnWriteArrayList<>();
    private final List<WebSockServer> servers = new CopyOnWriteArrayList<>();
    private final List<CheckBean> checks = new CopyOnWriteArrayList<>();
    private volatile BeanManager beanManager;

    <T> void annotatedType(@Observes @WithAnnotations(WebSockHandler.class) ProcessAnnotatedType<T> event) {
        AnnotatedType<T> type = event.getAnnotatedType();
        if (type.isAnnotationPresent(WebSockHandler.class) && !type.isAnnotationPresent(Alternative.class)) {
            annotated.put(type.getJavaClass(), type);
        }
    }

    @SuppressWarnings("unchecked")
    <T> void managedBean(@Observes ProcessManagedBean<T> event) {
        AnnotatedType<T> type = event.getAnnotatedBeanClass();
        if (UpgradeCheck.class.isAssignableFrom(type.getJavaClass())) {
            Priority priority = type.getAnnotation(Priority.class);
            UpgradeCheckFor targets = type.getAnnotation(UpgradeCheckFor.class);
            checks.add(new CheckBean((Bean<Object>) event.getBean(), priority == null ? Integer.MAX_VALUE : priority.value(),
                    targets == null ? List.of() : List.of(targets.value())));
        }
        WebSockHandler annotation = type.getAnnotation(WebSockHandler.class);
        if (annotation == null) {
            return;
        }
        Class<T> beanClass = type.getJavaClass();
        annotated.remove(beanClass);
        Bean<T> bean = event.getBean();
        try {
            if (!WebSock.class.isAssignableFrom(beanClass)) {
                throw new IllegalArgumentException("does not implement " + WebSock.class.getName()
                        + "; a @WebSockHandler bean must implement WebSock<S>");
            }
            if (PER_CALL_SCOPES.contains(bean.getScope())) {
                throw new IllegalArgumentException("is @" + bean.getScope().getSimpleName() + "; a handler lives as long as "
                        + "its connection or the application: use @Dependent (one per connection) or @ApplicationScoped (shared)");
            }
            String path = AnnotationOptions.path(annotation);
            try {
                PathTemplate.validate(path);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed path: " + e.getMessage(), e);
            }
            WebSockOptions options = AnnotationOptions.options(annotation);
            String executorName = AnnotationOptions.executorName(annotation);
            Type referenceType = referenceType(bean);
            handlers.add(new HandlerBean((Bean<Object>) bean, path, options, referenceType, executorName));
        } catch (IllegalArgumentException e) {
            errors.add(new DefinitionException(describe(beanClass) + " " + e.getMessage(), e));
        }
    }

    void afterBeanDiscovery(@Observes AfterBeanDiscovery event) {
        errors.forEach(event::addDefinitionError);
        synchronized (annotated) {
            for (Class<?> notBean : annotated.keySet()) {
                event.addDefinitionError(new DefinitionException(describe(notBean)
                        + " is not a bean: CDI made no managed bean of it (is it abstract, an interface, a non-static "
                        + "inner class, or without a no-argument or @Inject constructor?)"));
            }
        }
        Set<Class<?>> handlerClasses = handlers.stream().map(HandlerBean::beanClass).collect(Collectors.toSet());
        for (CheckBean check : checks) {
            for (Class<?> target : check.targets()) {
                if (!handlerClasses.contains(target)) {
                    event.addDefinitionError(new DefinitionException("upgrade check " + check.bean().getBeanClass().getName()
                            + " names " + target.getName() + " in @UpgradeCheckFor, which is not a @WebSockHandler bean"));
                }
            }
        }
        Map<String, List<HandlerBean>> byPath = handlers.stream()
                .collect(Collectors.groupingBy(h -> normalise(h.path()), LinkedHashMap::new, Collectors.toList()));
        for (List<HandlerBean> same : byPath.values()) {
            if (same.size() > 1) {
                event.addDefinitionError(new DefinitionException("two @WebSockHandler beans on one path: "
                        + same.stream().map(HandlerBean::toString).collect(Collectors.joining(" and "))
                        + "; each path needs exactly one handler"));
            }
        }
        // Injectable from any bean. @Dependent because WebSockServer is final (no client proxy) and
        // thread-safe; resolved when injected, so inject Instance<WebSockServer> where a bean may be
        // created before the application has started.
        event.<WebSockServer>addBean()
                .beanClass(WebSockExtension.class)
                .types(WebSockServer.class, Object.class)
                .scope(Dependent.class)
                .createWith(context -> server());
        // The registry and topics are interfaces, so they can be application-scoped behind a client proxy:
        // injectable anywhere, even into beans created before the application has started, and resolved
        // on first use.
        event.<Registry>addBean()
                .beanClass(WebSockExtension.class)
                .types(Registry.class, Object.class)
                .scope(ApplicationScoped.class)
                .createWith(context -> server().registry());
        event.<Topics>addBean()
                .beanClass(WebSockExtension.class)
                .types(Topics.class, Object.class)
                .scope(ApplicationScoped.class)
                .createWith(context -> server().topics());
    }

    void afterDeploymentValidation(@Observes AfterDeploymentValidation event, BeanManager bm) {
        for (HandlerBean h : handlers) {
            h.bind(bm);
        }
        beanManager = bm;
    }

    void beforeShutdown(@Observes BeforeShutdown event) {
        for (WebSockServer server : servers) {
            server.shutdown();
        }
    }

    /**
     * Registers every {@link WebSockHandler} path with {@code container}, its connections run by
     * {@code server}. A web application needs no call: {@link WebSockCdiInitializer} does it at start-up.
     * Call it yourself where there is no servlet container (CDI SE with Tyrus standalone), once, after the
     * CDI container has started.
     *
     * @throws IllegalStateException if CDI has not finished deployment or endpoints were already registered
     * @throws DeploymentException   if the container refuses a path
     */
    public synchronized void registerEndpoints(ServerContainer container, WebSockServer server) throws DeploymentException {
        Objects.requireNonNull(container, "container");
        for (ServerEndpointConfig endpoint : endpoints(server).values()) {
            container.addEndpoint(endpoint);
        }
    }

    /**
     * The endpoint of every {@link WebSockHandler} path, run by {@code server}, exactly as
     * {@link #registerEndpoints} adds them to a container (handler bean per connection with its request
     * contexts and events, the annotation's options and the upgrade-check beans), by path template in
     * discovery order; from now on the injectable {@code WebSockServer}, {@code Registry} and {@code Topics}
     * are {@code server}'s. For {@link #registerEndpoints} and for the test kit, which opens in-memory
     * connections of them ({@code WebSockServer.openInMemory}) instead of giving them to a container.
     *
     * @throws IllegalStateException if CDI has not finished deployment or endpoints were already made
     */
    public synchronized Map<String, ServerEndpointConfig> endpoints(WebSockServer server) {
        Objects.requireNonNull(server, "server");
        if (beanManager == null) {
            throw new IllegalStateException("the CDI deployment has not been validated yet");
        }
        if (!servers.isEmpty()) {
            throw new IllegalStateException("@WebSockHandler endpoints are already registered");
        }
        servers.add(server);
        Map<String, ServerEndpointConfig> endpoints = new LinkedHashMap<>();
        for (HandlerBean h : handlers) {
            endpoints.put(h.path(), server.endpoint(h.path(), h::acquire, h::release, optionsFor(h)));
            LOG.log(System.Logger.Level.INFO, "websock: {0} -> {1} ({2})", h.path(), h.beanClass().getName(),
                    h.dependent() ? "one instance per connection" : "shared instance");
        }
        return endpoints;
    }

    /**
     * The options {@code handler} is registered with: those of its annotation, plus the upgrade-check beans
     * that apply to it (those naming it in {@link UpgradeCheckFor}, or naming none), in {@code @Priority}
     * order — lowest first, unprioritised last by class name. A check bean is resolved once, here: a
     * normal-scoped one through its client proxy, a {@code @Dependent} one as one instance per handler.
     */
    private WebSockOptions optionsFor(HandlerBean handler) {
        WebSockOptions options = withExecutor(handler);
        List<UpgradeCheck> applying = checks.stream()
                .filter(c -> c.targets().isEmpty() || c.targets().contains(handler.beanClass()))
                .sorted(Comparator.comparingInt(CheckBean::priority)
                        .thenComparing(c -> c.bean().getBeanClass().getName()))
                .map(c -> (UpgradeCheck) beanManager.getReference(c.bean(), UpgradeCheck.class,
                        beanManager.createCreationalContext(c.bean())))
                .collect(Collectors.toCollection(ArrayList::new));
        if (applying.isEmpty()) {
            return options;
        }
        applying.addAll(options.upgradeChecks());
        return options.toBuilder().upgradeChecks(applying).build();
    }

    /** The annotation's options with the executor its {@code executor} member names, looked up on this (the starting) thread. */
    private static WebSockOptions withExecutor(HandlerBean handler) {
        String name = handler.executorName();
        if (name == null) {
            return handler.options();
        }
        Object found;
        try {
            found = new javax.naming.InitialContext().lookup(name);
        } catch (javax.naming.NamingException | RuntimeException e) {
            throw new IllegalStateException(describe(handler.beanClass()) + " names @WebSockHandler(executor = \"" + name
                    + "\"), which cannot be looked up: " + e, e);
        }
        if (!(found instanceof java.util.concurrent.Executor executor)) {
            throw new IllegalStateException(describe(handler.beanClass()) + " names @WebSockHandler(executor = \"" + name
                    + "\"), which is " + (found == null ? "null" : "a " + found.getClass().getName()) + ", not an executor");
        }
        return handler.options().toBuilder().executor(executor).build();
    }

    /** An {@link UpgradeCheck} bean with its order and the handlers it is limited to (none: all). */
    private record CheckBean(Bean<Object> bean, int priority, List<Class<?>> targets) {
    }

    /** The registered handlers: path template → bean class, in discovery order. */
    public Map<String, Class<?>> handlers() {
        Map<String, Class<?>> view = new LinkedHashMap<>();
        for (HandlerBean h : handlers) {
            view.put(h.path(), h.beanClass());
        }
        return Collections.unmodifiableMap(view);
    }

    /** The server the handlers were registered with. */
    WebSockServer server() {
        if (servers.isEmpty()) {
            throw new IllegalStateException("the WebSockServer is not available yet: it starts with the web application "
                    + "(or with WebSockExtension.registerEndpoints); inject Instance<WebSockServer> to use it lazily");
        }
        return servers.get(0);
    }

    /** The handler reference type: the bean class when it is a bean type, else its {@code WebSock<…>} type. */
    private static Type referenceType(Bean<?> bean) {
        Type fallback = null;
        for (Type t : bean.getTypes()) {
            Class<?> raw = t instanceof Class<?> c ? c : t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
            if (raw == bean.getBeanClass()) {
                return t;
            }
            if (raw != null && WebSock.class.isAssignableFrom(raw) && fallback == null) {
                fallback = t;
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("has no bean type implementing " + WebSock.class.getName()
                    + " (check its @Typed): the handler could not be looked up");
        }
        return fallback;
    }

    /** {@code /chat/{room}} and {@code /chat/{id}} are one path to a WebSocket container. */
    static String normalise(String path) {
        return path.replaceAll("\\{[^/}]*}", "{}");
    }

    private static String describe(Class<?> beanClass) {
        return "@WebSockHandler bean " + beanClass.getName();
    }
}
