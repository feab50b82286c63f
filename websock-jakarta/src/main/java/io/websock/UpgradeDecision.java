package io.websock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an {@link UpgradeCheck} decided: {@link Permit} (optionally with attributes for
 * {@code Handshake.attributes()} and headers for the 101 response) or {@link Reject} (an HTTP status
 * 400–599 with headers and a text body). Immutable; every value is validated when it is built and a bad
 * one is refused with an {@link IllegalArgumentException} naming it.
 */
public sealed interface UpgradeDecision {

    /** Headers the WebSocket handshake sets itself; a permit may not set them. */
    Set<String> HANDSHAKE_HEADERS = Set.of("upgrade", "connection", "sec-websocket-accept",
            "sec-websocket-protocol", "sec-websocket-extensions", "sec-websocket-version", "content-length",
            "transfer-encoding");

    /** Permit the upgrade with no attributes and no extra headers. */
    static Permit permit() {
        return new Permit(Map.of(), Map.of());
    }

    /** Reject the upgrade with {@code status} (400–599) and an empty body. */
    static Reject reject(int status) {
        return new Reject(status, Map.of(), "");
    }

    /** Reject the upgrade with {@code status} (400–599) and {@code body} as {@code text/plain; charset=UTF-8}. */
    static Reject reject(int status, String body) {
        return new Reject(status, Map.of(), body);
    }

    /**
     * The upgrade may go on.
     *
     * @param attributes readable in {@code init} through {@code conn.handshake().attribute(name)}; non-null
     *                   names and values
     * @param headers    added to the 101 response
     */
    record Permit(Map<String, Object> attributes, Map<String, List<String>> headers) implements UpgradeDecision {
        public Permit {
            Objects.requireNonNull(attributes, "attributes");
            attributes.forEach((k, v) -> {
                if (k == null || k.isEmpty()) {
                    throw new IllegalArgumentException("upgrade attribute name must not be null or empty, got " + quote(k));
                }
                if (v == null) {
                    throw new IllegalArgumentException("upgrade attribute \"" + k + "\" must not be null");
                }
            });
            attributes = Map.copyOf(attributes);
            headers = validHeaders(headers, true);
        }

        /** This permit with attribute {@code name} set to {@code value}. */
        public Permit withAttribute(String name, Object value) {
            Map<String, Object> a = new LinkedHashMap<>(attributes);
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("upgrade attribute name must not be null or empty, got " + quote(name));
            }
            if (value == null) {
                throw new IllegalArgumentException("upgrade attribute \"" + name + "\" must not be null");
            }
            a.put(name, value);
            return new Permit(a, headers);
        }

        /** This permit with response header {@code name: value} added to the 101 response. */
        public Permit withHeader(String name, String value) {
            return new Permit(attributes, addHeader(headers, name, value));
        }
    }

    /**
     * The upgrade is refused with this HTTP response.
     *
     * @param status  400–599
     * @param headers response headers
     * @param body    the body, sent as {@code text/plain; charset=UTF-8} unless a {@code Content-Type} header is given
     */
    record Reject(int status, Map<String, List<String>> headers, String body) implements UpgradeDecision {
        public Reject {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an upgrade rejection needs an HTTP error status 400-599, got " + status);
            }
            headers = validHeaders(headers, false);
            body = body == null ? "" : body;
        }

        /** This rejection with response header {@code name: value} added. */
        public Reject withHeader(String name, String value) {
            return new Reject(status, addHeader(headers, name, value), body);
        }
    }

    private static Map<String, List<String>> addHeader(Map<String, List<String>> headers, String name, String value) {
        Map<String, List<String>> h = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(h.getOrDefault(name, List.of()));
        values.add(value);
        h.put(name, values);
        return h;
    }

    private static Map<String, List<String>> validHeaders(Map<String, List<String>> headers, boolean permit) {
        Objects.requireNonNull(headers, "headers");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name == null || name.isEmpty() || !HttpText.isToken(name)) {
                throw new IllegalArgumentException("upgrade response header name " + quote(name) + " is not a valid HTTP header name");
            }
            if (permit && HANDSHAKE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("upgrade response header \"" + name
                        + "\" is set by the WebSocket handshake itself and cannot be added by a check");
            }
            Objects.requireNonNull(values, () -> "values of header \"" + name + "\"");
            for (String v : values) {
                if (v == null || v.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw new IllegalArgumentException("upgrade response header \"" + name + "\" has an invalid value "
                            + quote(v) + " (null, or containing CR, LF or NUL)");
                }
            }
            copy.put(name, List.copyOf(values));
        });
        return java.util.Collections.unmodifiableMap(copy);
    }


    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
