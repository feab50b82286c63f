package io.websock.jakarta;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Early validation of an HTTP/1.1 WebSocket upgrade request (RFC 6455 §4.2.1), in the order and with the
 * one-line messages of websock_adapter's {@code UpgradeValidation}: protocol version, method, {@code Host},
 * {@code Connection}, {@code Upgrade}, {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}. Values are
 * shown as a list of the raw header values in Elixir's {@code inspect} notation, e.g.
 * {@code 'connection' header must contain 'upgrade', got ["keep-alive"]}.
 */
final class UpgradeValidation {

    private UpgradeValidation() {
    }

    /**
     * The first failure's message, or {@code null} when the request is a valid upgrade.
     *
     * @param protocol the request line's version, e.g. {@code HTTP/1.1}
     * @param headers  all values of a header (any case), empty when absent
     */
    static String validate(String method, String protocol, Function<String, List<String>> headers) {
        if (!"HTTP/1.1".equals(protocol)) {
            return "HTTP version " + protocol + " unsupported";
        }
        if (!"GET".equals(method)) {
            return "HTTP method " + method + " unsupported";
        }
        String m;
        if ((m = nonEmpty(headers, "host")) != null
                || (m = contains(headers, "connection", "upgrade")) != null
                || (m = contains(headers, "upgrade", "websocket")) != null
                || (m = nonEmpty(headers, "sec-websocket-key")) != null
                || (m = equalsOnly(headers, "sec-websocket-version", "13")) != null) {
            return m;
        }
        return null;
    }

    /** Whether the request asks for a WebSocket upgrade at all (GET with {@code Upgrade: websocket}). */
    static boolean looksLikeUpgrade(String method, Function<String, List<String>> headers) {
        return "GET".equals(method) && headers.apply("upgrade").stream()
                .flatMap(v -> List.of(v.split(",")).stream())
                .anyMatch(t -> t.trim().equalsIgnoreCase("websocket"));
    }

    // A blank value counts as absent [decision]: an empty Host or key cannot serve the handshake.
    private static String nonEmpty(Function<String, List<String>> headers, String name) {
        return headers.apply(name).stream().anyMatch(v -> !v.isBlank()) ? null : "'" + name + "' header is absent";
    }

    private static String contains(Function<String, List<String>> headers, String name, String token) {
        List<String> values = headers.apply(name);
        boolean found = values.stream()
                .flatMap(v -> List.of(v.split(",")).stream())
                .anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(token));
        return found ? null : "'" + name + "' header must contain '" + token + "', got " + inspect(values);
    }

    private static String equalsOnly(Function<String, List<String>> headers, String name, String expected) {
        List<String> values = headers.apply(name).stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        return values.equals(List.of(expected)) ? null
                : "'" + name + "' header must equal '" + expected + "', got " + inspect(values);
    }

    /** A list of strings as Elixir's {@code inspect} shows it: {@code ["a", "b"]}. */
    static String inspect(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append('"');
            for (char c : values.get(i).toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            b.append(String.format("\\u%04X", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
        return b.append(']').toString();
    }
}
