package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.Frame;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The one writer of a connection. Frames are written in the order offered with <b>at most one
 * container send in flight</b> (Tomcat throws on concurrent sends; Jetty's rule is the same), so the
 * next frame is started only from the previous one's completion.
 *
 * <p>Bounds: the bytes waiting behind the send in flight may not exceed {@code outboundBufferLimit},
 * and a send may not stay in flight longer than {@code sendTimeout} — a watchdog timer checks that
 * even when nothing else is being sent. Either breach is reported to the connection as a slow
 * consumer; the writer never blocks the thread that offers frames.
 *
 * <p>Where the transport can batch ({@link Transport#batchCapacity()}, Tomcat): small data frames that leave one
 * after another are handed to the container as one batch — each is copied into the container's buffer and completes
 * at once — and a non-blocking {@link Transport#flush} writes them; that flush is then the one send in flight. A batch
 * is flushed when nothing batchable follows (the queue is empty, or the next item is a large frame, a ping, a pong or
 * the close) and before it would outgrow the container's buffer, so order is kept and nothing waits in the
 * container's buffer unflushed.
 *
 * <p>All state is guarded by {@code this}; container sends are started outside the lock.
 */
final class Outbound implements SendHandler {

    private static final System.Logger LOG = System.getLogger("io.websock");
    /** The bridge's own auto-ping (empty, so one instance serves every connection): dropped from the queue by a close. */
    static final Frame.Ping AUTO_PING = Frame.ping();
    static final List<Frame> AUTO_PING_FRAMES = List.of(AUTO_PING);
    /** Stands for "write the batch" in {@link #pump}: never queued. */
    private static final Object FLUSH = new Object();

    private final ConnectionProcess<?> owner;
    private final Transport transport;
    private final long limit;
    private final long sendTimeoutNanos;
    /** Bytes one batch may hold ({@link Transport#batchCapacity()}); 0: every frame is its own send. */
    private final int batchCapacity;

    // Frame, or the CloseDetail that ends it. Small at first (an idle connection queues nothing); grows when used.
    // null while nothing waits (an idle connection's writer keeps no queue); dropped again when cleared.
    private ArrayDeque<Object> queue;
    private Frame head;       // offered to an idle writer: started by the very next pump, so it never waits
    private long waitingBytes; // bytes of the frames in queue; never above limit
    private long maxWaitingBytes;
    private boolean inFlight;
    private long inFlightSince;
    private boolean pumping;
    private boolean sealed;   // a close is queued or the writer gave up: later frames are dropped
    private boolean broken;   // a send failed: the connection is going away, drop everything
    private boolean timedOut; // a send stayed in flight for sendTimeout: the close must not wait behind it
    private int unflushed;    // bytes (payload + header) handed to the container's batch and not flushed yet
    private ScheduledFuture<?> watchdog;
    /** Completes once the writer will write nothing more: close frame handed to the container, or the peer gone. */
    private volatile CompletableFuture<Boolean> finished; // created on first use (ConnectionProcess.lazyFuture)
    private static final java.lang.invoke.VarHandle FINISHED;

    static {
        try {
            FINISHED = java.lang.invoke.MethodHandles.lookup().findVarHandle(Outbound.class, "finished", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Outbound(ConnectionProcess<?> owner, Transport transport, long limit, long sendTimeoutNanos) {
        this.owner = owner;
        this.transport = transport;
        this.limit = limit;
        this.sendTimeoutNanos = sendTimeoutNanos;
        this.batchCapacity = transport.batchCapacity();
    }

    /**
     * Queues {@code frames} in order and starts writing them. The bytes waiting behind the send in flight
     * never exceed the limit: frames that would push them over it are refused whole (nothing of them is
     * queued). The first frame offered to an idle writer does not wait — it is started at once — so a
     * single message larger than the limit still goes out to a peer that keeps up.
     *
     * @return false if the frames were refused because the limit would be exceeded (the peer is a slow
     *         consumer and the caller ends the connection)
     */
    boolean offer(List<Frame> frames) {
        if (frames.isEmpty()) {
            return true;
        }
        synchronized (this) {
            if (sealed) {
                return true; // the connection is closing; frames after the close are never written
            }
            boolean idle = !inFlight && head == null && queueEmpty();
            long waiting = waitingBytes;
            for (int i = idle ? 1 : 0; i < frames.size(); i++) {
                waiting += frames.get(i).size();
            }
            if (waiting > limit) {
                return false;
            }
            int i = 0;
            if (idle) {
                head = frames.get(0);
                i = 1;
            }
            for (; i < frames.size(); i++) {
                queue().add(frames.get(i));
            }
            waitingBytes = waiting;
            maxWaitingBytes = Math.max(maxWaitingBytes, waiting);
        }
        pump();
        return true;
    }

    /** For tests and diagnostics: whether this writer hands small frames to the container in batches. */
    boolean batching() {
        return batchCapacity > 0;
    }

    /**
     * For tests and diagnostics: the most bytes that ever waited behind the send in flight on this
     * connection (never more than {@code outboundBufferLimit}).
     */
    synchronized long maxWaitingBytes() {
        return maxWaitingBytes;
    }

    /**
     * Writes the close frame after everything already queued; nothing offered later is written. If a send
     * has already timed out, nothing queued will ever drain: then this is {@link #abort} — a timed-out send
     * ends the connection whatever else ends it meanwhile.
     */
    void close(CloseDetail close) {
        synchronized (this) {
            if (sealed) {
                return;
            }
            if (!timedOut) {
                sealed = true;
                // A queued auto-ping is pointless once the connection closes, and a ping right before a close
                // makes the JDK's client fail its pong write and report an error instead of the close.
                if (queue != null) {
                    queue.removeIf(frame -> frame == AUTO_PING);
                }
                queue().add(close);
                close = null;
            }
        }
        if (close != null) {
            abort(close);
        } else {
            pump();
        }
    }

    /**
     * Drops what is queued and closes as soon as the send in flight (if any) is over. Used for slow
     * consumers: their queue will not drain, so the close cannot wait behind it.
     */
    void abort(CloseDetail close) {
        boolean closeNow;
        synchronized (this) {
            if (sealed && queueEmpty() && head == null) {
                return;
            }
            queue = null;
            head = null;
            waitingBytes = 0;
            sealed = true;
            closeNow = inFlight;
            if (closeNow) {
                disarmWatchdog(); // the close below ends the stuck send; nothing is left to time out
            } else {
                queue().add(close);
            }
        }
        if (closeNow) {
            // The stuck send holds the container's writer; the container's close gives up after its own
            // blocking timeout (set to sendTimeout at open) and then drops the TCP connection.
            owner.runDetached(() -> closeSession(close));
        } else {
            pump();
        }
    }

    /** Forgets everything queued: the peer is gone. */
    void discard() {
        synchronized (this) {
            queue = null;
            head = null;
            waitingBytes = 0;
            sealed = true;
            disarmWatchdog();
        }
        finished().complete(false);
    }

    /**
     * Completes with {@code true} when the close frame has been handed to the container (after every frame
     * queued before it), or with {@code false} when nothing more can be written and no close frame went
     * out (the peer is gone, a send or the close failed).
     */
    CompletableFuture<Boolean> finished() {
        return ConnectionProcess.lazyFuture(FINISHED, this);
    }

    private void pump() {
        synchronized (this) {
            if (pumping) {
                return; // the pumping thread will see the new work
            }
            pumping = true;
        }
        while (true) {
            Object next;
            boolean batched = false;
            synchronized (this) {
                if (inFlight || broken) {
                    pumping = false;
                    return;
                }
                Object peek = head != null ? head : queue == null ? null : queue.peek();
                boolean data = peek instanceof Frame.Text || peek instanceof Frame.Binary;
                // A frame joins the batch if it is small and still fits (the header is at most 10 bytes), and only if
                // a batch is open or another frame waits behind it: a lone frame goes out as it is (one send either way).
                // Its size is measured only where it counts (a UTF-8 scan for text): queued frames and batch candidates.
                boolean candidate = data && batchCapacity > 0
                        && (unflushed > 0 || (head != null ? !queueEmpty() : queue.size() > 1));
                int size = data && (candidate || head == null) ? ((Frame) peek).size() : -1;
                boolean fits = candidate && size <= batchCapacity - 10 - unflushed;
                if (unflushed > 0 && !fits) {
                    // Whatever comes next (nothing, a large frame, a ping, a pong, the close) goes after the batch.
                    next = FLUSH;
                    unflushed = 0;
                } else if (peek == null) {
                    pumping = false;
                    return;
                } else {
                    next = peek;
                    if (head != null) {
                        head = null;
                    } else {
                        queue.poll();
                        if (size >= 0) {
                            waitingBytes -= size;
                        }
                    }
                    if (fits) {
                        batched = true;
                        unflushed += size + 10;
                    }
                }
                inFlight = true;
                inFlightSince = owner.nanoTime();
                armWatchdog();
                if (next != FLUSH && !(next instanceof Frame.Text || next instanceof Frame.Binary)) {
                    // Pings, pongs and the close are blocking calls in JSR-356. They never run on the thread
                    // that got here — a container thread completing the previous send, the shared timer (auto-
                    // pings), a read thread — where a peer that does not read would hold it for the container's
                    // blocking-send timeout. Pings and pongs run on the library's own pool, so a heartbeat never
                    // waits for an executor that blocked callbacks hold; the close runs on the connection's
                    // executor, like the terminate it follows. inFlight stays set, so nothing overtakes them; the
                    // pumping flag is released first, so the detached write can pump what follows (also when the
                    // executor refuses it and it runs right here).
                    pumping = false;
                    Object blocking = next;
                    if (blocking instanceof CloseDetail) {
                        owner.runDetached(() -> writeBlocking(blocking));
                    } else {
                        owner.runBlockingWrite(() -> writeBlocking(blocking));
                    }
                    return;
                }
            }
            if (next != FLUSH && owner.events != null) {
                owner.events.messageOut(next instanceof Frame.Text, ((Frame) next).size());
            }
            try {
                // A completion may run inline (always, for a batched frame): onResult then sees pumping.
                if (next == FLUSH) {
                    transport.flush(this);
                } else if (next instanceof Frame.Text t) {
                    if (batched) {
                        transport.sendTextBatched(t.text(), this);
                    } else {
                        transport.sendText(t.text(), this);
                    }
                } else if (batched) {
                    transport.sendBinaryBatched(((Frame.Binary) next).data(), this);
                } else {
                    transport.sendBinary(((Frame.Binary) next).data(), this);
                }
            } catch (RuntimeException e) {
                completed(e);
            }
        }
    }

    /** On the executor: one blocking write (ping, pong or the close), then whatever is queued behind it. */
    private void writeBlocking(Object next) {
        try {
            if (next instanceof Frame.Ping p) {
                transport.sendPing(p.payload());
            } else if (next instanceof Frame.Pong p) {
                transport.sendPong(p.payload());
            } else {
                closeSession((CloseDetail) next);
            }
            completed(null);
        } catch (IOException | RuntimeException e) {
            completed(e);
        }
        pump();
    }

    /** Container completion of an async send; may run on any thread, or inline inside the send call. */
    @Override
    public void onResult(SendResult result) {
        completed(result.isOK() ? null : result.getException());
        pump();
    }

    private void completed(Throwable failure) {
        boolean firstFailure = false;
        synchronized (this) {
            inFlight = false;
            if (failure != null && !broken) {
                firstFailure = true;
                broken = true;
                queue = null;
                head = null;
                waitingBytes = 0;
                sealed = true;
            }
            if (sealed && queueEmpty() && head == null) {
                // Only a finished writer drops its watchdog: on a live connection it stays armed and
                // lapses by itself once nothing is in flight, instead of being scheduled and cancelled
                // for every message of request/response traffic.
                disarmWatchdog();
            }
        }
        if (failure != null) {
            finished().complete(false);
            LOG.log(System.Logger.Level.DEBUG, () -> "websock " + owner.id() + ": send failed: " + failure);
        }
        if (firstFailure) {
            // A failed write means the connection is broken. The container reports that through onError/onClose
            // (with the peer's close code when there was one), but not always — so make sure it ends anyway.
            owner.sendFailed(failure);
        }
    }

    private boolean queueEmpty() {
        return queue == null || queue.isEmpty();
    }

    private ArrayDeque<Object> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>(8);
        }
        return queue;
    }

    private void armWatchdog() {
        if (watchdog == null) {
            watchdog = owner.schedule(this::checkSendTimeout, sendTimeoutNanos);
        }
    }

    private void disarmWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    /**
     * Runs on the timer thread: a send in flight for sendTimeout means the peer does not read. The stuck send
     * ends the connection whatever the process is doing meanwhile — inside a long callback, stopping the
     * connection itself, or already ended: the writer closes now (the container's blocking close then gives up
     * on the socket), and the process hears of it as a slow consumer, which {@code terminate} gets.
     */
    private void checkSendTimeout() {
        synchronized (this) {
            watchdog = null;
            if (!inFlight || broken) {
                return;
            }
            long age = owner.nanoTime() - inFlightSince;
            if (age < sendTimeoutNanos) {
                watchdog = owner.schedule(this::checkSendTimeout, sendTimeoutNanos - age);
                return;
            }
            timedOut = true; // from now on a close() aborts instead of queueing behind the stuck send
        }
        // The process hears it first: the container may report the close below at once (as the peer's close),
        // and that report must find the slow-consumer end already decided.
        owner.slowConsumer();
        abort(ConnectionProcess.SLOW_CONSUMER_CLOSE);
    }

    private void closeSession(CloseDetail close) {
        boolean sent = false;
        try {
            sent = transport.close(close);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "websock " + owner.id() + ": close failed: " + e);
        } finally {
            finished().complete(sent);
        }
    }
}
