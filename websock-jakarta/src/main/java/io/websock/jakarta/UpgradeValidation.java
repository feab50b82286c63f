package io.websock.jakarta;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Early validation of an HTTP/1.1 WebSocket upgrade request (RFC 6455 §4.2.1), in the order and with the
 * one-line messages of websock_adapter's {@code UpgradeValidation}: protocol version, method, {@code Host},
 * {@code Connection}, {@code Upgrade}, {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}. Values are
 * shown as a list of the raw header values in Elixir's {@code inspect} notation, e.g.
 * {@code 'connection' header must contain 'upgrade', got ["keep-alive"]}.
 *
 * <p>Stricter than websock_adapter in one place [decision]: RFC 6455 §4.1/§4.2.1 allows exactly one
 * {@code Sec-WebSocket-Key}, the base64 encoding of 16 bytes, so a key that is repeated, short, long or not
 * base64 is refused here too, e.g. {@code 'sec-websocket-key' header must be one base64-encoded 16-byte value,
 * got ["abc"]} — otherwise each container would answer such a key its own way (Tomcat: an HTML 400 page; some
 * accept two keys). A repeated {@code Sec-WebSocket-Version} fails the "must equal '13'" rule, as in
 * websock_adapter; a repeated {@code Upgrade} passes when one value contains {@code websocket}, as there.
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
                || (m = oneNonce(headers, "sec-websocket-key")) != null
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

    /** Exactly one value, the base64 (RFC 4648 §4, padded) of 16 bytes: 22 alphabet characters and "==". */
    private static String oneNonce(Function<String, List<String>> headers, String name) {
        List<String> values = headers.apply(name);
        return values.size() == 1 && isNonce(values.get(0).strip()) ? null
                : "'" + name + "' header must be one base64-encoded 16-byte value, got " + inspect(values);
    }

    private static boolean isNonce(String value) {
        if (value.length() != 24 || !value.endsWith("==")) {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
                return false;
            }
        }
        return Base64.getDecoder().decode(value).length == 16;
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
