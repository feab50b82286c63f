package io.websock;

import java.time.Duration;

/**
 * The handle of one connection — the Java stand-in for the Elixir process id. Thread-safe: keep it
 * anywhere and call it from any thread. Messages sent to it reach {@link WebSock#handleInfo} on the
 * connection's own serial schedule, never concurrently with another callback of the connection.
 */
public interface Connection {

    /** An identifier unique within this JVM for the life of the process; stable for the connection's life. */
    String id();

    /**
     * Queues {@code message} for {@link WebSock#handleInfo}. Messages from one sender arrive in the order
     * they were sent. Never blocks.
     *
     * <p>At most {@code mailboxLimit} messages may be pending; the one that would exceed it ends the
     * connection (close 1013, {@code terminate(Error(MAILBOX_OVERFLOW))}) and is refused.
     *
     * @param message any non-null object
     * @return {@code true} if queued; {@code false} once the connection has ended (or is ending)
     * @throws NullPointerException if {@code message} is null
     */
    boolean send(Object message);

    /**
     * Sends {@code message} to {@link WebSock#handleInfo} once, after {@code delay}. Timers still
     * pending when the connection ends are cancelled and never fire.
     *
     * @param message any non-null object
     * @param delay   zero or positive
     * @return a handle to cancel the timer (already inert if the connection has ended)
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    Cancellable sendAfter(Object message, Duration delay);

    /** {@code true} until the connection starts ending; after that {@link #send} returns {@code false}. */
    boolean isOpen();

    /** What the HTTP upgrade request carried, as seen when the connection opened. */
    Handshake handshake();

    /**
     * The path template of the endpoint this connection was opened on, exactly as it was registered
     * (for example {@code "/rooms/{room}"}; the request path is in {@link #handshake()}). For a connection
     * upgraded by a servlet ({@code WebSockUpgrade}) it is that servlet's mapping pattern (for example
     * {@code "/chat/*"}), never the request path, so the set of paths stays as small as the application's
     * mappings. This is the key of {@link Registry#connections(String)} and {@link Registry#broadcast(String, Object)}.
     */
    String path();
}
