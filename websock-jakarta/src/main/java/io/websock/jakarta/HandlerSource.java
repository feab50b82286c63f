package io.websock.jakarta;

import io.websock.WebSock;

/**
 * Where a connection's handler comes from and where it goes back: a shared instance, or one made per
 * connection and released after {@code terminate} (CDI {@code @Dependent} beans are destroyed there).
 */
interface HandlerSource {

    /** The handler for a new connection. */
    WebSock<?> acquire();

    /** Called once after the connection's last callback; the default keeps shared handlers alive. */
    default void release(WebSock<?> handler) {
    }
}
