package io.websock;

/**
 * A WebSocket handler written as the Elixir {@code WebSock} behaviour: five callbacks, each returning
 * an immutable {@link Result} that carries the connection's next state.
 *
 * <p><b>Guarantees</b> (for one connection, whatever thread delivers the event):
 * <ul>
 *   <li>callbacks never overlap, and each one sees the state returned by the previous one
 *       (the bridge provides the happens-before edge; user state needs no {@code volatile});</li>
 *   <li>events are handled in arrival order — data frames, pongs, info messages, timers, close;</li>
 *   <li>frames returned by a callback are written in list order, before any frame of a later callback;</li>
 *   <li>{@link #terminate} runs exactly once for every connection whose {@link #init} returned normally,
 *       on every path (stop, remote close, lost TCP, timeout, error, overflow, shutdown), and nothing
 *       runs after it; it never runs when {@code init} threw;</li>
 *   <li>an exception thrown by a callback is logged once with the connection id and ends the connection
 *       with close code 1011 and {@code terminate(Error(exception))}.</li>
 * </ul>
 *
 * <p>One handler instance may serve many connections at once (it is usually a singleton): keep
 * per-connection data in {@code S}, not in fields.
 *
 * @param <S> the per-connection state threaded through the callbacks
 */
public interface WebSock<S> {

    /**
     * Called once, after the handshake, before any other callback. Per-connection input comes from
     * {@link Connection#handshake()}. Frames pushed here are written right after the handshake.
     *
     * @param connection the thread-safe handle of this connection; it may be kept and used from any thread
     * @return the first state, optionally with frames to push or a stop
     */
    Result<S> init(Connection connection);

    /**
     * Called for every whole data message (fragments are assembled first, up to
     * {@link WebSockOptions#maxMessageSize()}).
     */
    Result<S> handleIn(Frame.Data frame, S state);

    /**
     * Called for every control frame the application may see. Portably that is <b>pongs only</b>:
     * Jakarta WebSocket containers answer client pings themselves and never show them to the
     * application (Jakarta WebSocket 2.1 §2.2.5). Pongs that answer the bridge's own auto-pings are
     * delivered here too. The default ignores the frame.
     */
    default Result<S> handleControl(Frame.Control frame, S state) {
        return Result.ok(state);
    }

    /**
     * Called for every message sent with {@link Connection#send} or {@link Connection#sendAfter},
     * in the order each sender sent them.
     */
    Result<S> handleInfo(Object message, S state);

    /**
     * Called exactly once when the connection ends for any reason, with the last state. The close
     * frame (if any) has already been queued; sending from here is not possible. The default does nothing.
     */
    default void terminate(CloseReason reason, S state) {
    }
}
