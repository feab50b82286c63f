package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Handshake;
import io.websock.Registry;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.spi.InMemoryClock;
import io.websock.spi.InMemoryConnection;
import io.websock.spi.InMemoryPeer;
import io.websock.spi.TopicBus;
import io.websock.spi.WebSockEvents;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerEndpointConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The WebSock side of one application: it turns handlers into endpoint configurations for a
 * {@code ServerContainer}, keeps the set of open connections with the timer they share, and ends them
 * all on {@link #shutdown()} (close 1001, {@code terminate(Shutdown)}) or {@link #drain} (1012).
 *
 * <p>In a servlet container use {@link #of(ServletContext)}: the server then shuts down by itself when
 * the application is undeployed or the server stops, before the container tears its sessions down.
 * Elsewhere (Tyrus standalone, tests) call {@link #shutdown()} before stopping the container.
 *
 * <p>Other parts of the application reach the connections without holding them through
 * {@link #registry()} (lookup by id, list and broadcast by endpoint path or predicate) and
 * {@link #topics()} (publish/subscribe); both deliver to {@code handleInfo} through each connection's mailbox.
 *
 * <pre>{@code
 * WebSockServer websock = WebSockServer.of(servletContext);
 * serverContainer.addEndpoint(websock.endpoint("/echo/{room}", new EchoHandler(), WebSockOptions.DEFAULTS));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class WebSockServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.websock");
    private static final Duration DEFAULT_SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private enum Mode { RUNNING, DRAINING, STOPPED }

    private final ConcurrentHashMap<String, ConnectionProcess<?>> connections = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 28, 36) + "-";
    private final AtomicLong ids = new AtomicLong();
    private final ConnectionRegistry registry = new ConnectionRegistry(connections);
    private final LocalTopics topics;
    private final BlockedCallbacks blockedCallbacks = new BlockedCallbacks(connections);
    private volatile Mode mode = Mode.RUNNING;
    private volatile Executor defaultExecutor;
    /** The test kit's virtual clock ({@link #inMemory}); {@code null}: real time and the timer thread. */
    private final InMemoryClock clock;
    private volatile WebSockEvents events;
    /** Endpoint paths with their upgrade policies, for the library's upgrade filter. */
    final UpgradeRoutes routes = new UpgradeRoutes();

    private WebSockServer(TopicBus bus) {
        this(bus, null);
    }

    private WebSockServer(TopicBus bus, InMemoryClock clock) {
        this.clock = clock;
        topics = new LocalTopics(registry, Objects.requireNonNull(bus, "topic bus must not be null"));
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "websock-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // cancelled heartbeats and timers must not pile up in the queue
    }

    /** A new server, independent of any servlet context; call {@link #shutdown()} when done. */
    public static WebSockServer create() {
        return new WebSockServer(TopicBus.inJvm());
    }

    /**
     * A new server whose {@link #topics()} publish through {@code bus} (for example an adapter that carries
     * publishes to the other servers of the application); call {@link #shutdown()} when done, which also
     * closes the bus.
     *
     * @throws IllegalStateException if the bus refuses to attach (for example it already serves another server)
     */
    public static WebSockServer create(TopicBus bus) {
        return new WebSockServer(bus);
    }

    /**
     * <b>Test kit seam</b> (used by {@code websock-test}'s in-JVM driver; not for applications): a server
     * without a container, whose connections are opened with {@link #openInMemory} and whose time is
     * {@code clock}: idle timeout, auto-ping, {@code sendAfter}, send timeouts and {@link #drain} batches
     * happen when {@code clock} runs its due tasks, never on a timer thread of the server. Topics are in-JVM.
     * Call {@link #shutdown()} when done.
     */
    public static WebSockServer inMemory(InMemoryClock clock) {
        return new WebSockServer(TopicBus.inJvm(), Objects.requireNonNull(clock, "clock must not be null"));
    }

    /**
     * <b>Test kit seam</b> (used by {@code websock-test}'s in-JVM driver; not for applications): opens a
     * connection of the endpoint at path template {@code path} on a server made by {@link #inMemory}, as a
     * container's {@code onOpen} would after a successful upgrade described by {@code handshake}, and runs
     * {@code init} before returning. Frames the bridge writes go to {@code peer}; the returned
     * {@link InMemoryConnection} feeds the peer's traffic in.
     *
     * <p>It is the bridge's own connection process — mailbox, result interpretation, close codes, limits,
     * registry, topics and exactly-once {@code terminate} are the code a container runs — with two
     * differences that make it deterministic: callbacks run on the calling thread (the options' executor is
     * not used), and time is the server's clock. The upgrade policy (validation, origin, subprotocols,
     * upgrade checks) is not run: {@code handshake} says what it produced.
     *
     * @throws IllegalStateException    if this server was not made by {@link #inMemory}, or has begun a
     *                                  shutdown or drain (a container would refuse the connection)
     * @throws IllegalArgumentException if the path template is malformed, naming it
     */
    public InMemoryConnection openInMemory(String path, WebSock<?> handler, WebSockOptions options,
                                           Handshake handshake, InMemoryPeer peer) {
        PathTemplate.validate(path);
        Objects.requireNonNull(handler, "handler must not be null");
        Objects.requireNonNull(options, "options must not be null (use WebSockOptions.DEFAULTS)");
        return openInMemory(path, () -> handler, options, handshake, peer);
    }

    /**
     * <b>Test kit seam</b>: as {@link #openInMemory(String, WebSock, WebSockOptions, Handshake, InMemoryPeer)}
     * for a connection of {@code endpoint}, an endpoint this server made ({@link #endpoint}): its path template,
     * its handler source (a handler per connection, released after it, as for CDI beans) and its options.
     *
     * @throws IllegalArgumentException if {@code endpoint} was not made by this server
     */
    public InMemoryConnection openInMemory(ServerEndpointConfig endpoint, Handshake handshake, InMemoryPeer peer) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        if (!(endpoint.getConfigurator() instanceof BridgeConfigurator bridge) || !bridge.madeBy(this)) {
            throw new IllegalArgumentException("endpoint " + endpoint.getPath() + " was not made by this server's endpoint(…)");
        }
        return openInMemory(endpoint.getPath(), bridge.source(), bridge.options(), handshake, peer);
    }

    private InMemoryConnection openInMemory(String path, HandlerSource source, WebSockOptions options,
                                            Handshake handshake, InMemoryPeer peer) {
        Objects.requireNonNull(handshake, "handshake must not be null");
        Objects.requireNonNull(peer, "peer must not be null");
        if (clock == null) {
            throw new IllegalStateException("openInMemory needs a server made by WebSockServer.inMemory(clock)");
        }
        if (!accepting()) {
            throw new IllegalStateException("the server refuses new connections: it is " + mode);
        }
        WebSock<?> original = source.acquire();
        if (original == null) {
            throw new IllegalStateException("the handler source for " + path + " returned null");
        }
        WebSock<?> handler = Objects.requireNonNull(peer.observe(original), "observe returned null");
        HandlerSource releaseOriginal = new HandlerSource() {
            @Override
            public WebSock<?> acquire() {
                throw new IllegalStateException("acquired once, above");
            }

            @Override
            public void release(WebSock<?> observed) {
                source.release(original);
            }
        };
        Executor direct = Runnable::run;
        InMemoryTransport transport = new InMemoryTransport(peer);
        ConnectionProcess<?> process = new ConnectionProcess<>(nextId(), path, this, releaseOriginal, handler,
                options, direct, transport, handshake);
        transport.attach(process, new MessageAssembler(process, options.maxMessageSize()));
        process.enlist();
        process.start();
        return transport;
    }

    /**
     * The server of this web application, created on first call and shut down when the application is
     * undeployed or the server stops: every connection then gets close 1001 "server shutting down" and
     * {@code terminate(Shutdown)}. Later calls return the same server.
     *
     * <p>Make the first call while the application starts: from a {@code ServletContainerInitializer}
     * (its service file in a jar in {@code WEB-INF/lib}), or from {@code contextInitialized} of a
     * listener declared in {@code web.xml} or annotated {@code @WebListener}. There it installs the library's
     * upgrade filter in front of the container's upgrade (so path-registered endpoints answer early validation
     * (400), origin and subprotocol refusals (403) and upgrade-check rejections with real HTTP statuses) and
     * the hooks that hear the application stop.
     *
     * @throws IllegalStateException if this is the first call and it comes too late or from the wrong place
     *         (after the application started, or from a listener that was itself added programmatically),
     *         where no hook can be installed; nothing is cached then
     */
    public static WebSockServer of(ServletContext context) {
        return ServletHooks.serverOf(context, false);
    }

    /**
     * As {@link #of(ServletContext)}, the server's {@link #topics()} publishing through {@code bus}; the bus is
     * closed when the server shuts down. Later calls of either form return the same server.
     *
     * @throws IllegalStateException if the context's server already exists with another bus, or as
     *         {@link #of(ServletContext)}
     */
    public static WebSockServer of(ServletContext context, TopicBus bus) {
        return ServletHooks.serverOf(context, Objects.requireNonNull(bus, "topic bus must not be null"), false);
    }

    /** An endpoint at {@code path} whose connections share {@code handler}, with default options. */
    public ServerEndpointConfig endpoint(String path, WebSock<?> handler) {
        return endpoint(path, handler, WebSockOptions.DEFAULTS);
    }

    /**
     * An endpoint at {@code path} whose connections share {@code handler} (state lives in each
     * connection's {@code S}, so one instance serves all). Give the result to
     * {@code ServerContainer.addEndpoint} or return it from a {@code ServerApplicationConfig}.
     *
     * @throws IllegalArgumentException if the path template is malformed, naming it
     */
    public ServerEndpointConfig endpoint(String path, WebSock<?> handler, WebSockOptions options) {
        Objects.requireNonNull(handler, "handler must not be null");
        return endpoint(path, () -> handler, options);
    }

    /** An endpoint whose every connection gets a new handler from {@code handlers}. */
    public ServerEndpointConfig endpoint(String path, Supplier<? extends WebSock<?>> handlers, WebSockOptions options) {
        return endpoint(path, handlers, handler -> { }, options);
    }

    /**
     * An endpoint whose every connection gets a handler from {@code handlers}, handed to {@code release}
     * after the connection's last callback (a CDI {@code @Dependent} bean is destroyed there).
     */
    public ServerEndpointConfig endpoint(String path, Supplier<? extends WebSock<?>> handlers,
                                         Consumer<? super WebSock<?>> release, WebSockOptions options) {
        PathTemplate.validate(path);
        Objects.requireNonNull(handlers, "handler supplier must not be null");
        Objects.requireNonNull(release, "release must not be null");
        Objects.requireNonNull(options, "options must not be null (use WebSockOptions.DEFAULTS)");
        HandlerSource source = new HandlerSource() {
            @Override
            public WebSock<?> acquire() {
                return handlers.get();
            }

            @Override
            public void release(WebSock<?> handler) {
                release.accept(handler);
            }
        };
        Executor executor = options.executor() != null ? options.executor() : defaultExecutor();
        routes.add(new UpgradePolicy(path, options));
        if (!options.blockedWarning().isZero() && clock == null) { // real-time diagnostics: not on a virtual clock
            blockedCallbacks.start(timer);
        }
        return ServerEndpointConfig.Builder.create(WebSockEndpoint.class, path)
                .subprotocols(options.subprotocols())
                .configurator(new BridgeConfigurator(this, source, options, executor))
                .build();
    }

    /**
     * Reports upgrades and connections to {@code listener} (metrics, tracing: see {@link WebSockEvents}), or to
     * nobody when it is null (the default, which costs nothing). Applies to upgrades decided and connections
     * opened from now on; a connection keeps the listener it opened with. Several listeners:
     * {@link WebSockEvents#all}.
     *
     * @return this server
     */
    public WebSockServer events(WebSockEvents listener) {
        this.events = listener;
        return this;
    }

    /** Number of open connections (from open until their {@code terminate} has run). */
    public int connectionCount() {
        return connections.size();
    }

    /** The open connections of this server, by id and by endpoint path, and broadcasts to them. */
    public Registry registry() {
        return registry;
    }

    /** Publish/subscribe between this server's connections (and, with a distributed bus, other servers'). */
    public Topics topics() {
        return topics;
    }

    /**
     * Closes every open connection with 1012 (service restart) and {@code terminate(Shutdown)}, in
     * batches of {@code batchSize} every {@code interval}, so clients reconnect elsewhere without a
     * stampede. New connections are refused with 1012 from now on.
     *
     * @return completes when every connection open at the call has ended
     */
    public CompletableFuture<Void> drain(int batchSize, Duration interval) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("drain batchSize must be positive, got " + batchSize);
        }
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("drain interval must not be negative, got " + interval);
        }
        if (mode == Mode.RUNNING) {
            mode = Mode.DRAINING;
        }
        List<ConnectionProcess<?>> all = new ArrayList<>(connections.values());
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        CloseDetail close = CloseDetail.of(1012, "service restart");
        for (int start = 0, batch = 0; start < all.size(); start += batchSize, batch++) {
            List<ConnectionProcess<?>> slice = all.subList(start, Math.min(all.size(), start + batchSize));
            Runnable closeSlice = () -> slice.forEach(p -> p.close(close, CloseReason.SHUTDOWN));
            if (batch == 0 || schedule(closeSlice, interval.toNanos() * batch).isCancelled()) {
                closeSlice.run(); // now, also when the timer has stopped (after a shutdown): never a batch left open
            }
            slice.forEach(p -> ends.add(p.endedFuture()));
        }
        return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new));
    }

    /** As {@link #shutdown(Duration)}, waiting at most 10 seconds. */
    public void shutdown() {
        shutdown(DEFAULT_SHUTDOWN_WAIT);
    }

    /**
     * Closes every open connection with 1001 "server shutting down" and {@code terminate(Shutdown)},
     * refuses new ones, waits up to {@code wait} for their {@code terminate} callbacks, then stops the
     * timer thread. Idempotent.
     */
    public void shutdown(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        mode = Mode.STOPPED;
        CloseDetail close = CloseDetail.of(1001, "server shutting down");
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (ConnectionProcess<?> p : connections.values()) {
            p.close(close, CloseReason.SHUTDOWN);
            ends.add(p.endedFuture());
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "websock: {0} connections had not ended {1} after shutdown",
                    connections.size(), wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "websock: shutdown wait failed", e);
        }
        timer.shutdownNow();
        topics.closeBus();
    }

    /** {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    // ---------------------------------------------------------------- for the bridge

    boolean accepting() {
        return mode == Mode.RUNNING;
    }

    CloseDetail refusalClose() {
        return mode == Mode.DRAINING ? CloseDetail.of(1012, "service restart") : CloseDetail.of(1001, "server shutting down");
    }

    /** The server's clock: {@link System#nanoTime()}, or the test kit's virtual clock. */
    long nanoTime() {
        return clock == null ? System.nanoTime() : clock.nanoTime();
    }

    /** Where blocking ping/pong writes run: the library's pool; on the caller's thread for an in-memory server. */
    Executor blockingWrites() {
        return clock == null ? DefaultExecutor.shared() : Runnable::run;
    }

    /** The listener set with {@link #events(WebSockEvents)}, or null. */
    WebSockEvents events() {
        return events;
    }

    String nextId() {
        return idPrefix + Long.toString(ids.incrementAndGet(), 36);
    }

    void register(ConnectionProcess<?> process) {
        registry.add(process);
    }

    /** From {@code ConnectionProcess.finish}, after {@code terminate}: unlist it and end its subscriptions. */
    void forget(ConnectionProcess<?> process) {
        topics.dropAll(process);
        registry.remove(process);
    }

    /**
     * Schedules on the shared timer; after shutdown, returns an already cancelled future instead of throwing.
     * A {@code task} that is also a {@link java.util.concurrent.Callable} is run through {@code call()}.
     */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        if (clock != null) {
            Runnable run = task instanceof java.util.concurrent.Callable<?> call ? () -> callUnchecked(call) : task;
            return mode == Mode.STOPPED && timer.isShutdown() ? CancelledFuture.INSTANCE : clock.schedule(run, delayNanos);
        }
        try {
            // A task that is also a Callable runs as one, through call(), on both clocks: scheduled as a Callable,
            // the timer needs no adapter object (a connection's heartbeat is one, see ConnectionProcess.Tasks).
            return task instanceof java.util.concurrent.Callable<?> call
                    ? timer.schedule(call, delayNanos, TimeUnit.NANOSECONDS)
                    : timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            return CancelledFuture.INSTANCE;
        }
    }

    private static void callUnchecked(java.util.concurrent.Callable<?> call) {
        try {
            call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pending timer tasks (heartbeats, send watchdogs, sendAfter timers); zero when all connections are gone.
     * The blocked-callback sweep, which belongs to the server, not to a connection, is not counted.
     */
    int pendingTimers() {
        return (int) timer.getQueue().stream().filter(task -> !blockedCallbacks.isSweep(task)).count();
    }

    Executor defaultExecutor() {
        Executor e = defaultExecutor;
        if (e == null) {
            // Resolved on the registering thread, which carries the application's naming context.
            e = DefaultExecutor.resolve();
            defaultExecutor = e;
        }
        return e;
    }
}
