package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.WebSockOptions;
import io.websock.spi.WebSockEvents;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * Creates one {@link WebSockEndpoint} per connection and applies the endpoint's options to the
 * handshake: server-preferred subprotocol choice, permessage-deflate only when {@code compress} is on,
 * a snapshot of the request headers for {@code Connection.handshake()}, and the upgrade policy.
 *
 * <p>The policy (origin, subprotocol, upgrade checks) is normally decided before the handshake by the
 * library's filter or a servlet-side upgrade, which hand over an {@link Admission}; its attributes go
 * to the handshake and its headers to the 101 response. Without one (Tyrus standalone, or a filter
 * installed too late) the configurator applies the policy itself as far as JSR-356 allows: an allow-list
 * origin refusal in {@code checkOrigin} (the container answers 403), anything else in
 * {@code modifyHandshake}, which cannot set a status, so the connection is closed with 1008 right after
 * the upgrade and the handler never sees it.
 */
final class BridgeConfigurator extends ServerEndpointConfig.Configurator {

    static final String HEADERS = "io.websock.handshake.headers";
    static final String ATTRIBUTES = "io.websock.handshake.attributes";
    static final String REFUSAL = "io.websock.handshake.refusal";
    static final String ADMISSION = "io.websock.handshake.admission";
    /** A servlet-side upgrade's path parameters: Open Liberty does not pass upgradeHttpToWebSocket's map to the session. */
    static final String PATH_PARAMETERS = "io.websock.handshake.pathParameters";
    /** The registry key of a servlet-side upgrade's connections: the servlet's mapping pattern. */
    static final String REGISTRY_PATH = "io.websock.registryPath";
    private static final System.Logger LOG = System.getLogger("io.websock");

    private final WebSockServer server;
    private final HandlerSource source;
    private final WebSockOptions options;
    private final Executor executor;
    private final Long tomcatBlockingTimeout;

    BridgeConfigurator(WebSockServer server, HandlerSource source, WebSockOptions options, Executor executor) {
        this.server = server;
        this.source = source;
        this.options = options;
        this.executor = executor;
        this.tomcatBlockingTimeout = options.sendTimeout().toMillis();
    }

    /** For the test kit's in-memory connections ({@link WebSockServer#openInMemory}). */
    boolean madeBy(WebSockServer s) {
        return server == s;
    }

    WebSockServer server() {
        return server;
    }

    HandlerSource source() {
        return source;
    }

    Executor executor() {
        return executor;
    }

    /** {@code sendTimeout} in ms as Tomcat's blocking-send property wants it: one {@code Long} per endpoint ({@link SessionTransport}). */
    Long tomcatBlockingTimeout() {
        return tomcatBlockingTimeout;
    }

    WebSockOptions options() {
        return options;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new WebSockEndpoint(this));
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String mine : options.subprotocols()) {
            if (requested.contains(mine)) {
                return mine;
            }
        }
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return options.compress() ? super.getNegotiatedExtensions(installed, requested) : List.of();
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        if (Admission.CURRENT.get() != null || originHeaderValue == null || options.anyOrigin()
                || options.allowedOrigins().isEmpty()) {
            // Decided already, or same-origin, which needs the Host header: modifyHandshake decides it.
            return true;
        }
        boolean allowed = options.isOriginAllowed(originHeaderValue, null, false);
        if (!allowed) {
            LOG.log(System.Logger.Level.INFO, "websock: refused an upgrade from origin \"{0}\" (allowed: {1})",
                    originHeaderValue, String.join(", ", options.allowedOrigins()));
        }
        return allowed;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        // Containers give each handshake its own copy of the user properties (Jakarta WebSocket 2.1 §3.1.2),
        // which onOpen receives as its EndpointConfig.
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        sec.getUserProperties().put(HEADERS, headers);
        Admission admission = Admission.CURRENT.get();
        if (admission == null || !admission.path().equals(sec.getPath())) {
            admission = sec.getUserProperties().get(ADMISSION) instanceof Admission a ? a : null;
        }
        if (admission == null) {
            URI uri = request.getRequestURI();
            UpgradePolicy policy = new UpgradePolicy(sec.getPath(), options);
            WebSockEvents events = server.events();
            UpgradePolicy.Outcome outcome = UpgradePolicy.reported(events, sec.getPath(), events == null ? 0 : System.nanoTime(), policy.decide(
                    UpgradePolicy.fromHandshake(request, UpgradeRoutes.parametersOfSuffix(sec.getPath(), uri == null ? null : uri.getPath())),
                    uri != null && ("wss".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))));
            if (outcome instanceof UpgradePolicy.Refuse refuse) {
                sec.getUserProperties().put(REFUSAL, refusalClose(refuse));
                return;
            }
            admission = ((UpgradePolicy.Admit) outcome).admission();
        }
        sec.getUserProperties().put(ATTRIBUTES, admission.attributes());
        admission.headers().forEach((name, values) -> {
            List<String> all = new ArrayList<>(response.getHeaders().getOrDefault(name, List.of()));
            all.addAll(values);
            response.getHeaders().put(name, all);
        });
    }

    /**
     * The session's request URI for the handshake snapshot. Tyrus builds a new absolute {@code URI} (and its
     * component strings, ≈ 300 bytes) on each {@code getRequestURI()} call, which the snapshot would keep for the
     * connection's life; there, a URI whose text is exactly that of the previous connection on this endpoint is
     * replaced by that one (immutable, so sharing it changes nothing a reader can see). Other containers return the
     * URI they keep anyway: it is used as it is.
     */
    URI requestUri(jakarta.websocket.Session session) {
        URI uri = session.getRequestURI();
        if (uri == null || !session.getClass().getName().startsWith("org.glassfish.tyrus.")) {
            return uri;
        }
        URI last = lastUri;
        if (last != null && last.toString().equals(uri.toString())) {
            return last;
        }
        lastUri = uri;
        return uri;
    }

    /** The last request URI seen on this endpoint on Tyrus ({@link #requestUri}); racy by design (any one will do). */
    private volatile URI lastUri;

    /** Close 1008 with the refusal's status and as much of its body as a close reason can carry. */
    private static CloseDetail refusalClose(UpgradePolicy.Refuse refuse) {
        String reason = refuse.status() + " " + refuse.body().replaceAll("[\\r\\n]+", " ");
        while (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            reason = reason.substring(0, reason.offsetByCodePoints(reason.length(), -1)); // never split a surrogate pair
        }
        return CloseDetail.of(1008, reason);
    }
}
