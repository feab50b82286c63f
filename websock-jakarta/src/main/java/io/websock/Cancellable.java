package io.websock;

/** A pending {@link Connection#sendAfter} timer. */
public interface Cancellable {

    /**
     * Cancels the timer. A cancelled timer's message is never delivered to {@code handleInfo}, even if
     * the timer has already fired and the message is waiting in the mailbox.
     *
     * @return {@code true} if this call prevented the delivery; {@code false} if the message was already
     *         delivered, the timer was already cancelled, or the connection has ended
     */
    boolean cancel();
}
