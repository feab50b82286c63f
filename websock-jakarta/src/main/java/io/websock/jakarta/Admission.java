package io.websock.jakarta;

import java.util.List;
import java.util.Map;

/**
 * An upgrade the policy has let through, with what the upgrade checks attached: attributes for
 * {@code Handshake.attributes()} and headers for the 101 response. It travels from where the request
 * was seen whole (the library's filter, or a servlet-side upgrade) to the configurator's
 * {@code modifyHandshake} on the same thread through {@link #CURRENT}: every servlet container the
 * project targets runs the JSR-356 handshake synchronously inside the filter chain (Tomcat's WsFilter,
 * Jetty's upgrade filter, Undertow's JsrWebSocketFilter, Tyrus' servlet filter), and {@code HandshakeRequest}
 * offers no portable request-scoped carrier (no request attributes; headers cannot be added portably).
 * A servlet-side upgrade also puts it in the per-upgrade endpoint configuration's user properties.
 *
 * @param path the endpoint path (template) it was admitted for; a handshake for another path ignores it
 */
record Admission(String path, Map<String, Object> attributes, Map<String, List<String>> headers) {

    static final ThreadLocal<Admission> CURRENT = new ThreadLocal<>();

    Admission {
        attributes = Map.copyOf(attributes);
        headers = Map.copyOf(headers);
    }
}
