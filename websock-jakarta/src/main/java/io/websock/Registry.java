package io.websock;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The open connections of one server, reachable from any thread without holding them — the Java form of
 * a process registry. Obtained from the server (in the Jakarta bridge: {@code WebSockServer.registry()}).
 *
 * <p><b>What "open" means here.</b> A connection is listed from the moment its {@code init} is about to
 * run (so a handler may look itself up, or be reached by a broadcast, from inside {@code init}) until its
 * {@code terminate} has returned; it is removed before anyone waiting for the connection's end is
 * released. So a connection that is ending (its {@link Connection#isOpen()} already false, {@code terminate}
 * not yet run) is still listed, and {@link Connection#send} on it returns {@code false}: a broadcast never
 * counts it. There is never an entry for a connection whose {@code terminate} has run, and never a
 * missing entry while its callbacks can still run. A connection whose {@code init} threw is removed as soon
 * as the failure is handled.
 *
 * <p><b>Delivery.</b> Every broadcast goes through each connection's own mailbox, exactly like
 * {@link Connection#send}: it reaches {@link WebSock#handleInfo}, on the connection's own serial schedule,
 * after what that connection already had queued. The calling thread never blocks and never runs a
 * callback; a connection whose mailbox is full ends with close 1013 as {@code send} documents, and the
 * others are unaffected. One message object is handed to every connection — make it immutable (a
 * pre-encoded {@link Frame} that the handler pushes as it is is the cheapest form; frames are immutable and
 * safe to share). Messages from one thread reach each connection in the order they were sent.
 *
 * <p>All methods are thread-safe and return snapshots or counts; the registry itself changes as
 * connections come and go, so a count may be stale as soon as it is returned.
 */
public interface Registry {

    /**
     * The connection with this {@link Connection#id() id}, if it is listed (see the class comment).
     *
     * @throws NullPointerException if {@code id} is null
     */
    Optional<Connection> lookup(String id);

    /**
     * A snapshot of the listed connections of the endpoint registered at {@code path} — the path
     * <em>template</em> as given at registration (for example {@code "/rooms/{room}"}), not a request
     * path; for connections upgraded by a servlet, its mapping pattern (for example {@code "/chat/*"}).
     * Empty for a path with no connections or no endpoint.
     *
     * @throws NullPointerException if {@code path} is null
     */
    Collection<Connection> connections(String path);

    /** Number of listed connections of all endpoints. */
    int count();

    /**
     * Sends {@code message} to every listed connection of the endpoint at {@code path} (a path template,
     * as in {@link #connections(String)}).
     *
     * @return how many connections accepted the message into their mailbox; 0 when there are none
     *         (not an error). A connection that ends before handling it drops it, as with {@code send}.
     * @throws NullPointerException if {@code path} or {@code message} is null (nothing is sent)
     */
    int broadcast(String path, Object message);

    /**
     * Sends {@code message} to every listed connection, of any endpoint, for which {@code filter} is true.
     * The filter runs on the calling thread, once per listed connection, and must not block; it may read
     * {@link Connection#id()}, {@link Connection#path()} and {@link Connection#handshake()}. If it throws,
     * the exception propagates and the connections already reached keep the message.
     *
     * @return how many connections accepted the message into their mailbox
     * @throws NullPointerException if {@code filter} or {@code message} is null (nothing is sent)
     */
    int broadcast(Predicate<? super Connection> filter, Object message);
}
