package io.websock.spi;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The failure policy of a {@link TopicBus} that forwards publishes to other servers through a broker, in one
 * place so that every adapter behaves alike:
 * <ul>
 *   <li><b>Bounded.</b> At most {@code maxPending} forwards and {@code maxPendingBytes} bytes wait for the broker
 *       at once; {@link #tryAcquire} refuses the one beyond and counts it as dropped. Nothing ever blocks the
 *       publisher.</li>
 *   <li><b>Counted.</b> Every forward ends either {@link #forwarded()} or {@link #dropped(String)}; the totals are
 *       {@link #forwardedCount()} and {@link #droppedCount()}.</li>
 *   <li><b>Logged once per outage.</b> The first drop after a success (or since creation) is logged at WARNING
 *       with its reason; the first success after drops is logged at INFO with how many were dropped meanwhile.
 *       A flood of drops during one outage writes one line. After {@link #close()} drops are still counted but
 *       no longer logged (a bus shutting down is not an outage).</li>
 * </ul>
 * Thread-safe and lock-free: {@code tryAcquire}/{@code release} may run on publisher threads, {@code forwarded}
 * and {@code dropped} on the broker client's threads.
 */
public final class ForwardingBudget {

    /** Forwards that may wait for the broker by default. */
    public static final int DEFAULT_MAX_PENDING = 10_000;
    /** Bytes that may wait for the broker by default (16 MiB). */
    public static final long DEFAULT_MAX_PENDING_BYTES = 16L * 1024 * 1024;

    private final int maxPending;
    private final long maxPendingBytes;
    private final System.Logger log;
    private final String destination;

    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedInOutage = new AtomicLong();
    private final AtomicBoolean outage = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param maxPending      forwards that may wait for the broker at once (positive)
     * @param maxPendingBytes bytes that may wait for the broker at once (positive)
     * @param log             where outages are reported (the adapter's logger)
     * @param destination     what the log lines name as the broker, e.g. {@code "redis://10.0.0.5:6379"}
     * @throws IllegalArgumentException naming the value, if a limit is not positive
     */
    public ForwardingBudget(int maxPending, long maxPendingBytes, System.Logger log, String destination) {
        this.maxPending = requireMaxPending(maxPending);
        this.maxPendingBytes = requireMaxPendingBytes(maxPendingBytes);
        this.log = Objects.requireNonNull(log, "logger must not be null");
        this.destination = Objects.requireNonNull(destination, "destination must not be null");
    }

    /**
     * Checks a bus builder's {@code maxPending} setting.
     *
     * @return {@code maxPending}
     * @throws IllegalArgumentException naming the value, if it is not positive
     */
    public static int requireMaxPending(int maxPending) {
        if (maxPending <= 0) {
            throw new IllegalArgumentException("maxPending must be positive, got " + maxPending);
        }
        return maxPending;
    }

    /**
     * Checks a bus builder's {@code maxPendingBytes} setting.
     *
     * @return {@code maxPendingBytes}
     * @throws IllegalArgumentException naming the value, if it is not positive
     */
    public static long requireMaxPendingBytes(long maxPendingBytes) {
        if (maxPendingBytes <= 0) {
            throw new IllegalArgumentException("maxPendingBytes must be positive, got " + maxPendingBytes);
        }
        return maxPendingBytes;
    }

    /**
     * Reserves room for one forward of {@code bytes} bytes. When the limits would be exceeded, nothing is
     * reserved and the forward is counted (and, first of an outage, logged) as dropped.
     *
     * @return {@code true} if the caller may forward and must later {@link #release} the same {@code bytes}
     */
    public boolean tryAcquire(int bytes) {
        int n = pending.incrementAndGet();
        long total = pendingBytes.addAndGet(bytes);
        if (n > maxPending || total > maxPendingBytes) {
            release(bytes);
            dropped("more than " + maxPending + " publishes or " + maxPendingBytes + " bytes are waiting");
            return false;
        }
        return true;
    }

    /** Gives back what {@link #tryAcquire} reserved, once the broker accepted or refused the forward. */
    public void release(int bytes) {
        pending.decrementAndGet();
        pendingBytes.addAndGet(-bytes);
    }

    /** A forward reached the broker; ends an outage (logging how many were dropped during it). */
    public void forwarded() {
        forwarded.incrementAndGet();
        if (outage.get() && outage.compareAndSet(true, false)) {
            log.log(System.Logger.Level.INFO, "forwarding to {0} resumed; {1} publishes were not forwarded to the "
                    + "other servers during the outage", destination, droppedInOutage.getAndSet(0));
        }
    }

    /** A publish was delivered locally but not forwarded, because {@code why}; the first of an outage is logged. */
    public void dropped(String why) {
        dropped.incrementAndGet();
        droppedInOutage.incrementAndGet();
        if (!closed && outage.compareAndSet(false, true)) {
            log.log(System.Logger.Level.WARNING, "a publish could not be forwarded to {0} ({1}); until forwarding "
                    + "works again, publishes reach this server''s subscribers only and are counted as dropped",
                    destination, why);
        }
    }

    /** Forwards the broker accepted since creation. */
    public long forwardedCount() {
        return forwarded.get();
    }

    /** Publishes delivered locally but not forwarded since creation. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Forwards reserved and not yet released. */
    public int pending() {
        return pending.get();
    }

    /** The bus is shutting down: later drops are counted but not logged. */
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "ForwardingBudget[" + destination + ": pending " + pending.get() + "/" + maxPending + ", "
                + pendingBytes.get() + "/" + maxPendingBytes + " bytes, forwarded " + forwarded.get() + ", dropped "
                + dropped.get() + "]";
    }
}
