package io.websock;

import java.util.Objects;

/**
 * Why a connection ended, as given to {@link WebSock#terminate}. Exactly one of these reaches each
 * connection whose {@code init} returned normally.
 */
public sealed interface CloseReason {

    /** The handler stopped with {@link StopReason#NORMAL}, {@link StopReason#RESTART} or {@link StopReason#DISCONNECTED}. */
    CloseReason NORMAL = new Normal();
    /** The server is stopping, the application is undeployed, or the connection was drained. */
    CloseReason SHUTDOWN = new Shutdown();
    /** No data frame or pong arrived for {@code timeout}. */
    CloseReason TIMEOUT = new Timeout();

    /** Stopped by the handler for a normal reason. */
    record Normal() implements CloseReason {
    }

    /**
     * The peer sent a close frame. A close frame without a code arrives as 1000 on every container (RFC 6455's
     * 1005 "no status code" is not reported: most containers cannot tell such a frame from an explicit 1000, so
     * the bridge reports Jetty's 1005 as 1000 too); its reason text is the container's (empty, or Tyrus's
     * "Normal closure."). A peer's own 1001 "Going away." or 1011 is {@code Remote} too, although some
     * containers use those codes to report a lost connection, which is {@link Error} with {@link Fault#CLOSED}.
     *
     * @param code   the peer's close code
     * @param reason the peer's reason text, possibly empty
     */
    record Remote(int code, String reason) implements CloseReason {
        public Remote {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Server shutdown, undeploy or drain. */
    record Shutdown() implements CloseReason {
    }

    /** Idle timeout on inbound traffic. */
    record Timeout() implements CloseReason {
    }

    /**
     * Ended by a failure.
     *
     * @param cause a {@link Throwable} (thrown by a callback or reported by the container), a {@link Fault}
     *              the bridge detected, or the non-normal reason a handler gave to {@link Result#stop}
     */
    record Error(Object cause) implements CloseReason {
        public Error {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
