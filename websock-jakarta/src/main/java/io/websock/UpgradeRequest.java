package io.websock;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable view of an HTTP upgrade request, as an {@link UpgradeCheck} sees it before the upgrade.
 * Header names are matched case-insensitively; every map and list is unmodifiable.
 *
 * @param method          the HTTP method ({@code GET} for a valid upgrade)
 * @param requestUri      the request URI with its query; the scheme and authority are present when the
 *                        server reports them ({@code http}/{@code https} from a servlet, {@code ws}/{@code wss} or
 *                        none from a bare WebSocket container)
 * @param pathParameters  values of the endpoint's path template {@code {name}} segments
 * @param queryParameters query parameters, each with its values in order
 * @param headers         request headers, names case-insensitive
 * @param principal       the authenticated user, or {@code null}
 * @param remoteAddress   the client's IP address as text, or {@code null} where the container does not
 *                        report it (checks that run inside a bare WebSocket handshake)
 * @param attributes      attributes attached by the checks that ran before this one, in order
 */
public record UpgradeRequest(String method,
                             URI requestUri,
                             Map<String, String> pathParameters,
                             Map<String, List<String>> queryParameters,
                             Map<String, List<String>> headers,
                             Principal principal,
                             String remoteAddress,
                             Map<String, Object> attributes) {

    public UpgradeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        pathParameters = Map.copyOf(pathParameters);
        queryParameters = HttpText.copyOfLists(queryParameters, false);
        headers = HttpText.copyOfLists(headers, true);
        attributes = Map.copyOf(attributes);
    }

    /** The request path (without the query), e.g. {@code /chat/lobby}. */
    public String path() {
        String p = requestUri.getPath();
        return p == null ? "" : p;
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

    /** The attribute an earlier check attached under {@code name}, or {@code null}. */
    @SuppressWarnings("unchecked")
    public <T> T attribute(String name) {
        return (T) attributes.get(name);
    }

    /** This request as the next check sees it: with {@code attributes} instead of this one's. */
    public UpgradeRequest withAttributes(Map<String, Object> attributes) {
        return new UpgradeRequest(method, requestUri, pathParameters, queryParameters, headers, principal,
                remoteAddress, attributes);
    }
}
