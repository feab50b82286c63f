package io.websock.cdi;

import io.websock.CloseReason;
import io.websock.Connection;

import java.util.Objects;

/**
 * CDI event fired <b>asynchronously</b> after the {@code terminate} of a {@link WebSockHandler} bean's
 * connection ran (whether or not it threw). Observe it with {@code @ObservesAsync}. Fired once for every
 * connection that got a {@link WebSockOpened}; never for a connection whose {@code init} threw.
 *
 * @param path       the path template of the handler
 * @param connection the ended connection ({@code isOpen()} is false, {@code send} returns false); its
 *                   {@code id()} and {@code handshake()} stay readable
 * @param reason     what {@code terminate} received
 */
public record WebSockClosed(String path, Connection connection, CloseReason reason) {
    public WebSockClosed {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(reason, "reason");
    }
}
