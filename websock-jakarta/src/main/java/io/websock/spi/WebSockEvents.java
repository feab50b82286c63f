package io.websock.spi;

import io.websock.CloseReason;
import io.websock.Fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a server reports about its upgrades and connections, for metrics and tracing (the
 * {@code websock-micrometer} and {@code websock-opentelemetry} modules implement it). Set one on a server with
 * {@code WebSockServer.events(listener)}; several with {@link #all}.
 *
 * <p><b>Cost.</b> A server without a listener calls nothing and takes no clock reading for it: each place that
 * reports checks one final field. With a listener, server-wide events go to this interface; per-connection
 * events go to the {@link Connection} that {@link #connectionOpened} returned for that connection, so an
 * implementation resolves its meters once per connection (for example once per path template), not per message.
 *
 * <p><b>Contract for an implementation.</b> Every method may be called on any thread, concurrently for
 * different connections, and for one connection from the container's read thread, the writer and the thread
 * running its callbacks; it must be thread-safe, fast, and must not block or throw (an exception escaping it
 * is a bug in the listener, and is not guarded against on the hot path). {@code path} is always the endpoint's
 * path template as registered ({@code /chat/{room}}), or a servlet mapping pattern for a servlet-side upgrade:
 * never the request path, so it is safe as a metric tag of bounded cardinality. Every method has a default
 * that does nothing.
 */
public interface WebSockEvents {

    /** The callbacks of a handler, as reported by {@link Connection#callbackCompleted}. */
    enum Callback {
        /** {@code init}. */
        INIT,
        /** {@code handleIn}. */
        HANDLE_IN,
        /** {@code handleControl}. */
        HANDLE_CONTROL,
        /** {@code handleInfo}. */
        HANDLE_INFO,
        /** {@code terminate}. */
        TERMINATE;

        private final String tag = lowerCamel(name());

        /** The callback's method name ({@code handleIn}), fit for a metric tag. */
        public String tag() {
            return tag;
        }
    }

    /** Which part of the upgrade policy refused an upgrade ({@link #upgradeRefused}). */
    enum Check {
        /** Early upgrade validation (not a valid WebSocket upgrade request): 400. */
        VALIDATION,
        /** The origin policy: 403. */
        ORIGIN,
        /** Subprotocol negotiation (none of the offered protocols is supported): 403. */
        SUBPROTOCOL,
        /** An application's {@code UpgradeCheck} rejected it (its status), threw or returned null (500). */
        UPGRADE_CHECK;

        private final String tag = name().toLowerCase(Locale.ROOT);

        /** The check's name in lower case ({@code origin}), fit for a metric tag. */
        public String tag() {
            return tag;
        }
    }

    /**
     * The events of one connection, from the instance {@link #connectionOpened} returned for it. Calls for one
     * connection may come from different threads, but {@link #connectionClosed} comes once, last of the
     * connection's own events except a late {@link #messageOut} or {@link #mailboxDepth} that raced the end.
     */
    interface Connection {

        /** A whole data message arrived ({@code bytes}: its payload, UTF-8 bytes for text). */
        default void messageIn(boolean text, int bytes) {
        }

        /** A data message was handed to the container to send ({@code bytes}: its payload, UTF-8 bytes for text). */
        default void messageOut(boolean text, int bytes) {
        }

        /** A callback returned or threw after running for {@code nanos}. */
        default void callbackCompleted(Callback callback, long nanos) {
        }

        /**
         * An info message was queued; {@code depth} info messages are now pending (this one included, at most
         * {@code mailboxLimit}). Its maximum over time is the connection's mailbox high-water mark.
         */
        default void mailboxDepth(int depth) {
        }

        /**
         * A callback has been running for {@code nanos}, longer than {@code blockedWarning}; reported once per
         * such callback, with the WARNING it logs (only while {@code blockedWarning} is on).
         */
        default void blockedCallback(Callback callback, long nanos) {
        }

        /** The connection ends because its mailbox overflowed (close 1013); {@link #connectionClosed} follows. */
        default void mailboxOverflow() {
        }

        /** The connection ends as a slow consumer (close 1008 or an aborted transport); {@link #connectionClosed} follows. */
        default void slowConsumer() {
        }

        /**
         * The connection ended, after {@code lifetimeNanos} since it opened.
         *
         * @param code   the close code the server sent, else the peer's (a {@link CloseReason.Remote}), else 1006
         *               (the connection was lost or failed without a close the bridge sent or saw)
         * @param reason what {@code terminate} got (also when {@code init} threw and {@code terminate} was not
         *               called: then an {@link CloseReason.Error}); {@link #reasonTag} names it
         */
        default void connectionClosed(int code, CloseReason reason, long lifetimeNanos) {
        }
    }

    /**
     * The upgrade of a request to {@code path} passed the upgrade policy after {@code nanos} (validation, origin,
     * subprotocols, upgrade checks); the container completes it (101) unless it fails itself.
     * Called on the thread that handles the upgrade request.
     */
    default void upgradeAdmitted(String path, long nanos) {
    }

    /**
     * The upgrade policy refused a request to {@code path} with HTTP {@code status} after {@code nanos}, at
     * {@code check}. Where no servlet layer sees the request (Tyrus standalone) the refusal is sent as close
     * 1008 after the handshake instead; {@code status} is still the policy's.
     */
    default void upgradeRefused(String path, int status, Check check, long nanos) {
    }

    /**
     * A connection to {@code path} opened ({@code init} is about to run).
     *
     * @param id the connection's {@code Connection.id()}
     * @return where this connection's own events go, or null to hear nothing more of it
     */
    default Connection connectionOpened(String path, String id) {
        return null;
    }

    /**
     * A bounded name for what ended a connection, fit for a metric tag: {@code normal}, {@code remote},
     * {@code shutdown}, {@code timeout}, {@code closed} (TCP lost), {@code mailbox_overflow},
     * {@code slow_consumer}, {@code message_too_big}, or {@code error} (anything else: a callback threw, a
     * handler stopped with an error reason, a protocol error).
     */
    static String reasonTag(CloseReason reason) {
        if (reason instanceof CloseReason.Normal) {
            return "normal";
        } else if (reason instanceof CloseReason.Remote) {
            return "remote";
        } else if (reason instanceof CloseReason.Shutdown) {
            return "shutdown";
        } else if (reason instanceof CloseReason.Timeout) {
            return "timeout";
        } else if (reason instanceof CloseReason.Error e && e.cause() instanceof Fault f) {
            return f.name().toLowerCase(Locale.ROOT);
        }
        return "error";
    }

    /**
     * One listener that passes every event to each of {@code listeners}, in order (null entries are skipped);
     * a single listener is returned as it is.
     */
    static WebSockEvents all(List<? extends WebSockEvents> listeners) {
        List<WebSockEvents> list = new ArrayList<>();
        for (WebSockEvents l : Objects.requireNonNull(listeners, "listeners")) {
            if (l != null) {
                list.add(l);
            }
        }
        return list.size() == 1 ? list.get(0) : new AllEvents(List.copyOf(list));
    }

    private static String lowerCamel(String constant) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : constant.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return b.toString();
    }
}
