package io.websock.test;

import io.websock.Handshake;
import io.websock.Registry;
import io.websock.Topics;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.jakarta.PathTemplate;
import io.websock.jakarta.WebSockServer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-JVM WebSock server for handler tests: no socket, no container, no timer thread. Connections opened with
 * {@link #connect} or {@link #upgrade} run on the library's own connection process (the code a container
 * runs: result interpretation, close codes, {@code maxMessageSize}/{@code mailboxLimit}/{@code
 * outboundBufferLimit}, mailbox order, {@code terminate} exactly once), share one {@link #registry()} and
 * {@link #topics()}, and live on a virtual clock that only {@link #advance} moves.
 *
 * <p><b>Deterministic.</b> Every callback runs on the thread that calls the driver (this server or an
 * {@link InJvmConnection}): when a call returns, everything it caused — frames pushed, connections closed,
 * {@code terminate} called, messages delivered to other connections — has happened. Nothing needs awaiting.
 * This holds as long as the handlers do their work on the callback's thread; a message that a handler sends
 * from a thread of its own is handled on that thread.
 *
 * <pre>{@code
 * try (InJvmServer server = InJvmServer.start()) {
 *     InJvmConnection ws = server.connect(new EchoHandler());
 *     ws.sendText("hi").expectText("hi");
 *     server.advance(Duration.ofSeconds(60));      // no pong: idle timeout
 *     ws.expectPing().expectPing().expectClose(1000, "idle timeout");
 * }
 * }</pre>
 *
 * <p>Not thread-safe: drive one server from one thread at a time.
 */
public final class InJvmServer implements AutoCloseable {

    private final VirtualClock clock = new VirtualClock();
    private final WebSockServer server = WebSockServer.inMemory(clock);
    private final WebSockOptions defaults;
    private final RecordingTopics topics;

    private InJvmServer(WebSockOptions defaults) {
        this.defaults = Objects.requireNonNull(defaults, "options must not be null (use WebSockOptions.DEFAULTS)");
        this.topics = new RecordingTopics(server.topics());
    }

    /** A server whose connections use the default options (60 s idle timeout, 25 s auto-ping, …). */
    public static InJvmServer start() {
        return new InJvmServer(WebSockOptions.DEFAULTS);
    }

    /**
     * A server whose connections use {@code options} unless an {@link Upgrade#options} says otherwise. The
     * options' executor is not used: callbacks run on the driving thread.
     */
    public static InJvmServer start(WebSockOptions options) {
        return new InJvmServer(options);
    }

    /** Opens a connection to {@code handler} at path {@code "/"} with an empty handshake; {@code init} has run. */
    public InJvmConnection connect(WebSock<?> handler) {
        return upgrade("/").connect(handler);
    }

    /**
     * Describes the upgrade of a connection to the endpoint at path template {@code pathTemplate} (for
     * example {@code "/rooms/{room}"}, the key of {@link Registry#connections(String)}); finish with
     * {@link Upgrade#connect}.
     *
     * @throws IllegalArgumentException if the template is malformed, naming it
     */
    public Upgrade upgrade(String pathTemplate) {
        return new Upgrade(PathTemplate.validate(pathTemplate));
    }

    /**
     * Moves the virtual clock forward by {@code duration} and runs, in order and each at its own time, every
     * timer that falls due: {@code sendAfter} messages, auto-pings, idle timeouts, {@link #drain} batches.
     *
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public InJvmServer advance(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock cannot go back, got advance(" + duration + ")");
        }
        clock.advance(duration);
        return this;
    }

    /**
     * The bridge's server under this driver. Endpoints made by its {@code endpoint(…)} methods (as production
     * code registers them with a container) can be connected here with {@link Upgrade#connect(ServerEndpointConfig)};
     * its registry and topics are this driver's.
     */
    public WebSockServer webSockServer() {
        return server;
    }

    /** Virtual time since the server started. */
    public Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime());
    }

    /** The server's registry of open connections (lookup, broadcast by path or predicate). */
    public Registry registry() {
        return server.registry();
    }

    /** The server's topics; publishes made through it are also recorded for {@link #expectPublished}. */
    public Topics topics() {
        return topics;
    }

    /** Every message published through {@link #topics()} on {@code topic}, in publish order. */
    public List<Object> published(String topic) {
        return topics.published(topic);
    }

    /**
     * Asserts that the next message published on {@code topic} through {@link #topics()} and not yet
     * expected is {@code message} (by {@code equals}), like Phoenix's {@code assert_broadcast}.
     *
     * @throws AssertionError naming what was published instead, in order
     */
    public InJvmServer expectPublished(String topic, Object message) {
        topics.expect(topic, message);
        return this;
    }

    /**
     * Ends every open connection as a container shutdown does: close 1001 "server shutting down",
     * {@code terminate(Shutdown)}. New connections are refused afterwards. Idempotent.
     */
    public void shutdown() {
        server.shutdown(Duration.ZERO);
    }

    /**
     * Closes every open connection with 1012 and {@code terminate(Shutdown)}, {@code batchSize} at once: the
     * first batch now, the next ones each {@code interval} of virtual time later (see {@link #advance}).
     */
    public void drain(int batchSize, Duration interval) {
        server.drain(batchSize, interval);
    }

    /** {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    /**
     * The handshake of one connection, as a container would have produced it after a successful upgrade
     * (what upgrade checks attached included). Every method returns this builder; {@link #connect} opens the
     * connection.
     */
    public final class Upgrade {
        private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");

        private final String template;
        private final Map<String, String> pathParameters = new LinkedHashMap<>();
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private Principal principal;
        private String subprotocol = "";
        private WebSockOptions options = defaults;

        private Upgrade(String template) {
            this.template = template;
        }

        /** The value of the template's {@code {name}} segment. */
        public Upgrade pathParameter(String name, String value) {
            pathParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds a query parameter value (repeat for several values). */
        public Upgrade query(String name, String value) {
            query.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds a request header value (repeat for several values); names are matched case-insensitively. */
        public Upgrade header(String name, String value) {
            headers.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** An attribute as an upgrade check attaches it ({@code UpgradeDecision}), read with {@code handshake().attribute(name)}. */
        public Upgrade attribute(String name, Object value) {
            attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The authenticated user. */
        public Upgrade principal(Principal principal) {
            this.principal = principal;
            return this;
        }

        /** The negotiated subprotocol. */
        public Upgrade subprotocol(String subprotocol) {
            this.subprotocol = Objects.requireNonNull(subprotocol, "subprotocol");
            return this;
        }

        /** The endpoint's options (limits, timeout, ping interval); the executor is not used. */
        public Upgrade options(WebSockOptions options) {
            this.options = Objects.requireNonNull(options, "options must not be null (use WebSockOptions.DEFAULTS)");
            return this;
        }

        /**
         * Opens the connection to {@code handler} and runs its {@code init}; frames it pushed are already
         * received.
         *
         * @throws IllegalArgumentException if a parameter of the template has no value, or a value names no
         *                                  parameter of it
         * @throws IllegalStateException    if the server has been shut down or is draining
         */
        public InJvmConnection connect(WebSock<?> handler) {
            Objects.requireNonNull(handler, "handler must not be null");
            InJvmConnection connection = new InJvmConnection(InJvmServer.this);
            connection.open(server, template, handler, options, handshake());
            clock.advance(Duration.ZERO); // timers of zero delay set in init
            return connection;
        }

        /**
         * Opens a connection of {@code endpoint}, an endpoint made by {@link #webSockServer()}'s
         * {@code endpoint(…)} (or by {@code WebSockExtension.endpoints} for CDI handler beans): its handler
         * source (a handler per connection, released after it) and its options are used; {@link #options} is
         * ignored.
         *
         * @throws IllegalArgumentException if the endpoint's path is not this upgrade's template, or the
         *                                  endpoint was made by another server
         */
        public InJvmConnection connect(ServerEndpointConfig endpoint) {
            Objects.requireNonNull(endpoint, "endpoint must not be null");
            if (!endpoint.getPath().equals(template)) {
                throw new IllegalArgumentException("endpoint " + endpoint.getPath() + " is not at path template \""
                        + template + "\"");
            }
            InJvmConnection connection = new InJvmConnection(InJvmServer.this);
            connection.open(server, endpoint, handshake());
            clock.advance(Duration.ZERO);
            return connection;
        }

        private Handshake handshake() {
            return new Handshake(requestUri(), pathParameters, query, headers, principal, subprotocol, attributes);
        }

        private URI requestUri() {
            Matcher m = PARAMETER.matcher(template);
            StringBuilder path = new StringBuilder();
            List<String> used = new ArrayList<>();
            while (m.find()) {
                String name = m.group(1);
                String value = pathParameters.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("path template \"" + template + "\" needs a value for {"
                            + name + "}: call pathParameter(\"" + name + "\", …)");
                }
                used.add(name);
                m.appendReplacement(path, Matcher.quoteReplacement(encode(value).replace("+", "%20")));
            }
            m.appendTail(path);
            for (String name : pathParameters.keySet()) {
                if (!used.contains(name)) {
                    throw new IllegalArgumentException("path template \"" + template + "\" has no parameter {"
                            + name + "}");
                }
            }
            StringBuilder q = new StringBuilder();
            query.forEach((name, values) -> values.forEach(v ->
                    q.append(q.length() == 0 ? "?" : "&").append(encode(name)).append('=').append(encode(v))));
            return URI.create("ws://localhost" + path + q);
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    /** Settles zero-delay timers after a driver call, so that every effect of the call is visible. */
    void settle() {
        clock.advance(Duration.ZERO);
    }
}
