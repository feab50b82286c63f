package io.websock;

/**
 * The normal reasons a handler may stop a connection with. Any other non-null object given to
 * {@link Result#stop} is an error reason: the peer gets close code 1011 and {@code terminate} gets
 * {@link CloseReason.Error} carrying that object.
 */
public enum StopReason {
    /** {@code :normal} — close 1000, {@code terminate(Normal)}. */
    NORMAL,
    /** {@code {:shutdown, :restart}} — close 1012 (service restart), {@code terminate(Normal)}. */
    RESTART,
    /** {@code {:shutdown, :disconnected}} — close 1000, {@code terminate(Normal)}. */
    DISCONNECTED
}
