package io.websock.jakarta;

import io.websock.UpgradeCheck;
import io.websock.UpgradeDecision;
import io.websock.UpgradeRequest;
import io.websock.WebSockOptions;
import io.websock.spi.WebSockEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.HandshakeRequest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The upgrade policy of one endpoint, applied the same way on every way in: early validation (400 with
 * the message as body), the origin policy (403, one log line naming the origin), subprotocol negotiation
 * (403 when the client offered protocols of which none is supported), then the upgrade checks in order
 * (their status). Where the request is seen as a servlet request every status can be answered; inside a
 * bare JSR-356 handshake the configurator uses {@link #decide} and can only refuse after the upgrade.
 */
final class UpgradePolicy {

    private static final System.Logger LOG = System.getLogger("io.websock");

    sealed interface Outcome {
    }

    /** Let the upgrade go on with these attributes and headers. */
    record Admit(Admission admission) implements Outcome {
    }

    /** Answer the request with this response instead of upgrading; {@code check} refused it. */
    record Refuse(int status, Map<String, List<String>> headers, String body, WebSockEvents.Check check) implements Outcome {
    }

    /** Not an upgrade request and validation is off: let the container answer it as it would. */
    record PassThrough() implements Outcome {
    }

    final String path;
    final WebSockOptions options;

    UpgradePolicy(String path, WebSockOptions options) {
        this.path = path;
        this.options = options;
    }

    /** The whole policy for a request seen by a servlet filter or a servlet-side upgrade. */
    Outcome decideServlet(HttpServletRequest req, Map<String, String> pathParameters) {
        Function<String, List<String>> headers = name -> {
            var e = req.getHeaders(name);
            return e == null ? List.of() : Collections.list(e);
        };
        if (options.earlyValidateUpgrade()) {
            String failure = UpgradeValidation.validate(req.getMethod(), req.getProtocol(), headers);
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "websock: refused the upgrade of {0}: {1}", req.getRequestURI(), failure);
                return new Refuse(400, Map.of(), failure, WebSockEvents.Check.VALIDATION);
            }
        } else if (!UpgradeValidation.looksLikeUpgrade(req.getMethod(), headers)) {
            return new PassThrough();
        }
        return decide(fromServlet(req, pathParameters), req.isSecure());
    }

    /** Origin, subprotocol and upgrade checks, in this order. */
    Outcome decide(UpgradeRequest request, boolean secure) {
        String origin = request.header("Origin");
        if (!options.isOriginAllowed(origin, request.header("Host"), secure)) {
            LOG.log(System.Logger.Level.INFO, "websock: refused the upgrade of {0} from origin \"{1}\" (allowed: {2})",
                    request.path(), origin, allowedText());
            return new Refuse(403, Map.of(), "origin \"" + origin + "\" is not allowed", WebSockEvents.Check.ORIGIN);
        }
        List<String> offered = offeredSubprotocols(request.headers().getOrDefault("Sec-WebSocket-Protocol", List.of()));
        if (!offered.isEmpty() && offered.stream().noneMatch(options.subprotocols()::contains)) {
            return new Refuse(403, Map.of(), "none of the offered subprotocols " + UpgradeValidation.inspect(offered)
                    + " is supported; supported: " + UpgradeValidation.inspect(options.subprotocols()), WebSockEvents.Check.SUBPROTOCOL);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (UpgradeCheck check : options.upgradeChecks()) {
            UpgradeDecision decision;
            try {
                decision = check.check(request.withAttributes(attributes));
            } catch (Exception | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw (Error) e;
                }
                LOG.log(System.Logger.Level.WARNING, "websock: upgrade check " + check + " of " + request.path()
                        + " threw; refusing the upgrade with 500", e);
                return new Refuse(500, Map.of(), "upgrade check failed", WebSockEvents.Check.UPGRADE_CHECK);
            }
            if (decision instanceof UpgradeDecision.Reject r) {
                LOG.log(System.Logger.Level.DEBUG, "websock: upgrade check refused {0} with {1}", request.path(), r.status());
                return new Refuse(r.status(), r.headers(), r.body(), WebSockEvents.Check.UPGRADE_CHECK);
            } else if (decision instanceof UpgradeDecision.Permit p) {
                attributes.putAll(p.attributes());
                p.headers().forEach((name, values) -> headers.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
            } else {
                LOG.log(System.Logger.Level.WARNING, "websock: upgrade check {0} of {1} returned null; refusing the upgrade with 500",
                        check, request.path());
                return new Refuse(500, Map.of(), "upgrade check failed", WebSockEvents.Check.UPGRADE_CHECK);
            }
        }
        return new Admit(new Admission(path, attributes, headers));
    }

    /**
     * Reports {@code outcome} of the policy of {@code path}, decided since {@code startNanos} (0 when
     * {@code events} is null: no clock was read), to {@code events}, if any; returns it.
     */
    static Outcome reported(WebSockEvents events, String path, long startNanos, Outcome outcome) {
        if (events != null) {
            if (outcome instanceof Refuse r) {
                events.upgradeRefused(path, r.status(), r.check(), System.nanoTime() - startNanos);
            } else if (outcome instanceof Admit) {
                events.upgradeAdmitted(path, System.nanoTime() - startNanos);
            }
        }
        return outcome;
    }

    /** The request as a bare JSR-356 handshake shows it (no method, no remote address). */
    static UpgradeRequest fromHandshake(HandshakeRequest request, Map<String, String> pathParameters) {
        return new UpgradeRequest("GET", request.getRequestURI() == null ? URI.create("") : request.getRequestURI(),
                pathParameters, request.getParameterMap() == null ? Map.of() : request.getParameterMap(),
                request.getHeaders(), request.getUserPrincipal(), null, Map.of());
    }

    static UpgradeRequest fromServlet(HttpServletRequest req, Map<String, String> pathParameters) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> query.put(k, List.of(v)));
        return new UpgradeRequest(req.getMethod(), requestUri(req), pathParameters, query, headers,
                req.getUserPrincipal(), req.getRemoteAddr(), Map.of());
    }

    /** Writes a refusal as the HTTP response: status, headers, and the body as UTF-8 text. */
    static void write(HttpServletResponse resp, Refuse refuse) throws IOException {
        resp.reset();
        resp.setStatus(refuse.status());
        boolean contentType = false;
        for (var e : refuse.headers().entrySet()) {
            contentType |= e.getKey().equalsIgnoreCase("Content-Type");
            for (String v : e.getValue()) {
                resp.addHeader(e.getKey(), v);
            }
        }
        if (!contentType) {
            resp.setContentType("text/plain;charset=UTF-8");
        }
        byte[] body = refuse.body().getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
        resp.flushBuffer();
    }

    static List<String> offeredSubprotocols(List<String> headerValues) {
        List<String> offered = new ArrayList<>();
        for (String v : headerValues) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        return offered;
    }

    private String allowedText() {
        return options.anyOrigin() ? "any" : options.allowedOrigins().isEmpty() ? "same-origin"
                : String.join(", ", options.allowedOrigins());
    }

    private static URI requestUri(HttpServletRequest req) {
        String query = req.getQueryString();
        String url = req.getRequestURL().toString() + (query == null ? "" : "?" + query);
        try {
            return URI.create(url);
        } catch (IllegalArgumentException notStrict) {
            try {
                return new URI(req.getScheme().toLowerCase(Locale.ROOT), null, req.getServerName(), req.getServerPort(),
                        req.getRequestURI(), null, null);
            } catch (Exception e) {
                return URI.create("");
            }
        }
    }
}
