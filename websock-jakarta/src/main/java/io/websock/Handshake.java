package io.websock;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of the upgrade request, for {@link WebSock#init} to read per-connection input.
 *
 * @param requestUri      the request URI, with its query
 * @param pathParameters  values of the path template's {@code {name}} segments
 * @param queryParameters query parameters, each with its values in order
 * @param headers         request headers; names are matched case-insensitively
 * @param principal       the authenticated user, or {@code null}
 * @param subprotocol     the negotiated subprotocol, or {@code ""} when none
 * @param attributes      values attached by upgrade checks before the upgrade
 */
public record Handshake(URI requestUri,
                        Map<String, String> pathParameters,
                        Map<String, List<String>> queryParameters,
                        Map<String, List<String>> headers,
                        Principal principal,
                        String subprotocol,
                        Map<String, Object> attributes) {

    public Handshake {
        Objects.requireNonNull(requestUri, "requestUri");
        pathParameters = Map.copyOf(pathParameters);
        queryParameters = HttpText.copyOfLists(queryParameters, false);
        headers = HttpText.copyOfLists(headers, true);
        subprotocol = subprotocol == null ? "" : subprotocol;
        attributes = Map.copyOf(attributes);
    }

    /** The value of path parameter {@code name}, or {@code null}. */
    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** The first value of query parameter {@code name}, or {@code null}. */
    public String queryParameter(String name) {
        return HttpText.first(queryParameters, name);
    }

    /** The first value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        return HttpText.first(headers, name);
    }

    /** The attribute an upgrade check attached under {@code name}, or {@code null}. */
    @SuppressWarnings("unchecked")
    public <T> T attribute(String name) {
        return (T) attributes.get(name);
    }
}
