package io.websock;

/**
 * Failures the bridge itself detects, carried by {@link CloseReason.Error#cause()} so a handler can
 * tell them apart with a {@code switch}. Exceptions thrown by callbacks or reported by the container
 * are carried as the {@link Throwable} itself instead.
 */
public enum Fault {
    /** The TCP connection was lost without a close frame. The peer gets nothing (it is gone). */
    CLOSED("closed"),
    /** More than {@code mailboxLimit} info messages were pending. Close 1013. */
    MAILBOX_OVERFLOW("mailbox overflow"),
    /** The peer did not take frames fast enough ({@code outboundBufferLimit} or {@code sendTimeout}). Close 1008. */
    SLOW_CONSUMER("slow consumer"),
    /** A message was larger than {@code maxMessageSize}. Close 1009. */
    MESSAGE_TOO_BIG("message too big");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    /** The human-readable name, also used as the close frame's reason text. */
    @Override
    public String toString() {
        return description;
    }
}
