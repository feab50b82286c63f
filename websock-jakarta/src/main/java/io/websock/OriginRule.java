package io.websock;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One allow-list entry of the origin policy, in Phoenix's {@code check_origin} forms. Parsed once at
 * configuration time so a malformed entry fails there, naming itself.
 */
final class OriginRule {

    private static final Pattern FORM = Pattern.compile(
            "^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?//(\\*\\.)?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?/?$");

    private final String text;
    private final String scheme; // null: any scheme
    private final boolean subdomains;
    private final String host;
    private final int port; // -1: any port

    private OriginRule(String text, String scheme, boolean subdomains, String host, int port) {
        this.text = text;
        this.scheme = scheme;
        this.subdomains = subdomains;
        this.host = host;
        this.port = port;
    }

    static OriginRule parse(String entry) {
        if (entry == null) {
            throw new IllegalArgumentException("allowedOrigins: null is not an origin pattern");
        }
        Matcher m = FORM.matcher(entry.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("allowedOrigins: \"" + entry + "\" is not an origin pattern; "
                    + "use https://example.com, //example.com:8443 or //*.example.com");
        }
        int port = -1;
        if (m.group(4) != null) {
            port = Integer.parseInt(m.group(4));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("allowedOrigins: \"" + entry + "\" has port " + port
                        + ", outside 1-65535");
            }
        }
        String scheme = m.group(1) == null ? null : m.group(1).toLowerCase(Locale.ROOT);
        if (m.group(2) != null && m.group(3).startsWith("[")) {
            throw new IllegalArgumentException("allowedOrigins: \"" + entry + "\" puts a wildcard on an IPv6 address");
        }
        if (scheme != null && port == -1) {
            port = defaultPort(scheme); // as Phoenix: https://example.com means port 443, //example.com any port
        }
        return new OriginRule(entry, scheme, m.group(2) != null, m.group(3).toLowerCase(Locale.ROOT), port);
    }

    boolean matches(String origin) {
        URI uri = parseOrigin(origin);
        if (uri == null) {
            return false;
        }
        if (scheme != null && !scheme.equalsIgnoreCase(uri.getScheme())) {
            return false;
        }
        if (port != -1 && port != effectivePort(uri)) {
            return false;
        }
        String h = uri.getHost().toLowerCase(Locale.ROOT);
        return h.equals(host) || (subdomains && h.endsWith("." + host));
    }

    /**
     * Same-origin: the Origin's host equals the {@code Host} header's host (any case) and, when the
     * {@code Host} header carries a port, the Origin's effective port equals it. A {@code Host} without a
     * port matches the Origin's default port for its scheme, so a page served over https through a
     * TLS-terminating proxy (which forwards {@code Host: example.com} over plain http) is same-origin.
     * {@code secure} is kept for callers; the port rule above does not need it.
     */
    static boolean isSameOrigin(String origin, String hostHeader, boolean secure) {
        URI uri = parseOrigin(origin);
        if (uri == null || hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        URI host;
        try {
            host = new URI("http://" + hostHeader.trim());
        } catch (Exception e) {
            return false;
        }
        if (host.getHost() == null || host.getRawUserInfo() != null || !host.getRawPath().isEmpty()) {
            return false;
        }
        if (!uri.getHost().equalsIgnoreCase(host.getHost())) {
            return false;
        }
        return host.getPort() == -1 || host.getPort() == effectivePort(uri);
    }

    private static URI parseOrigin(String origin) {
        try {
            URI uri = new URI(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            String path = uri.getRawPath();
            return path == null || path.isEmpty() || path.equals("/") ? uri : null;
        } catch (Exception e) {
            return null; // "null", file://, garbage: never an allowed origin
        }
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
    }

    private static int defaultPort(String scheme) {
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "https", "wss" -> 443;
            case "http", "ws" -> 80;
            default -> -2; // unknown scheme: only an explicit port matches
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
