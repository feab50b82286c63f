package io.websock.cdi;

import io.websock.Connection;

import java.util.Objects;

/**
 * CDI event fired <b>asynchronously</b> after the {@code init} of a {@link WebSockHandler} bean returned
 * normally. Observe it with {@code @ObservesAsync} (synchronous {@code @Observes} observers are not
 * notified): the connection's callbacks never wait for an observer. Every connection that gets this event
 * later gets exactly one {@link WebSockClosed}; the two may reach observers in either order.
 *
 * @param path       the path template of the handler, e.g. {@code /chat/{room}}
 * @param connection the connection; thread-safe, may be kept and used to {@code send} info messages
 */
public record WebSockOpened(String path, Connection connection) {
    public WebSockOpened {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(connection, "connection");
    }
}
