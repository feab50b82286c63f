package io.websock.test.junit;

import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.jakarta.WebSockServer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.function.Supplier;

/**
 * Where a test registers its handlers while the embedded container starts: each {@code add} builds the endpoint
 * with the library's public API ({@link WebSockServer#endpoint}) and adds it to the container's
 * {@code ServerContainer}, as an application does. Given to a {@link WebSockEndpoints} method.
 *
 * <pre>{@code
 * @WebSockEndpoints
 * static void endpoints(Endpoints endpoints) {
 *     endpoints.add("/echo", new EchoHandler())
 *              .add("/rooms/{room}", RoomHandler::new, WebSockOptions.builder().timeout(Duration.ofSeconds(5)).build());
 * }
 * }</pre>
 *
 * <p>Valid only during that call.
 */
public interface Endpoints {

    /** The application's WebSock server (its registry and topics), to keep or to wire into handlers. */
    WebSockServer websock();

    /**
     * Adds an endpoint at {@code path} (a template such as {@code /rooms/{room}}) whose connections share
     * {@code handler}, with default options.
     *
     * @throws IllegalArgumentException if the path template is malformed, naming it
     * @throws IllegalStateException    if the container refuses the endpoint (for example a duplicate path)
     */
    Endpoints add(String path, WebSock<?> handler);

    /** As {@link #add(String, WebSock)}, with {@code options}. */
    Endpoints add(String path, WebSock<?> handler, WebSockOptions options);

    /** An endpoint at {@code path} whose every connection gets a new handler from {@code handlers}. */
    Endpoints add(String path, Supplier<? extends WebSock<?>> handlers, WebSockOptions options);

    /** Adds an endpoint built elsewhere (for example by {@code websock().endpoint(...)}, or a plain JSR-356 one). */
    Endpoints add(ServerEndpointConfig endpoint);

    /** What a test (or any code) runs to register its handlers; see {@link WebSockTestServer#start}. */
    @FunctionalInterface
    interface Setup {
        /** Registers the handlers on {@code endpoints}; may throw, which fails the server's start. */
        void addTo(Endpoints endpoints) throws Exception;
    }
}
