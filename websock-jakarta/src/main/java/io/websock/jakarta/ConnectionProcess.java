package io.websock.jakarta;

import io.websock.Cancellable;
import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Fault;
import io.websock.Frame;
import io.websock.Handshake;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import io.websock.spi.WebSockEvents;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One connection as one Erlang-style process: a mailbox of {@link Event}s drained by at most one thread
 * at a time, which owns the handler state.
 *
 * <p><b>Invariants</b>
 * <ul>
 *   <li>Only the thread that won {@link #scheduled} (false → true) runs {@link #drain}; it releases the
 *       flag only after the mailbox looked empty, and re-checks after releasing — so callbacks never
 *       overlap and no event is stranded. The flag's CAS gives each run a happens-before edge to the
 *       previous one, so {@link #state} needs no {@code volatile}.</li>
 *   <li>{@link #done} turns true exactly once, in {@link #finish}, on the process; {@code terminate} is
 *       called there and only if {@code init} returned normally. Events handled after it are dropped.</li>
 *   <li>Inbound frames are queued by the container's read thread, which runs the mailbox itself when
 *       the process is idle (no thread hop, as fast as a raw endpoint) and otherwise waits while more
 *       than {@link #INBOUND_HIGH_WATER} inbound messages are pending — TCP back-pressure instead of an
 *       unbounded queue.</li>
 *   <li>Overflow and slow-consumer ends jump the queue through {@link #urgent}: a connection that
 *       cannot keep up must not first work through the backlog that overloaded it.</li>
 * </ul>
 */
final class ConnectionProcess<S> extends BlockedCallbacks.Watch
        implements Connection, Runnable, java.util.concurrent.Callable<Void> {

    private static final System.Logger LOG = System.getLogger("io.websock");

    /** Events one run handles before giving its thread back (fairness between connections). */
    private static final int RUN_BUDGET = 256;
    /** Inbound messages that may wait in the mailbox before the container's read thread is held. */
    static final int INBOUND_HIGH_WATER = 8;
    static final CloseDetail SLOW_CONSUMER_CLOSE = CloseDetail.of(1008, "slow consumer");
    private static final CloseDetail INTERNAL_ERROR = CloseDetail.of(1011, "internal error");
    /** How long a failed send waits for the container's own report of the lost connection (at most sendTimeout). */
    static final long LOST_REPORT_GRACE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);

    // One word per flag or counter instead of an Atomic* object each (an idle connection is mostly these).
    private static final VarHandle SCHEDULED;
    private static final VarHandle HANDED_OFF;
    private static final VarHandle PENDING_INFO;
    private static final VarHandle PENDING_INBOUND;
    private static final VarHandle URGENT;
    private static final VarHandle TIMERS;
    private static final VarHandle ENDED;
    private static final VarHandle CONTAINER_CLOSED;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SCHEDULED = lookup.findVarHandle(ConnectionProcess.class, "scheduled", boolean.class);
            HANDED_OFF = lookup.findVarHandle(ConnectionProcess.class, "handedOff", boolean.class);
            PENDING_INFO = lookup.findVarHandle(ConnectionProcess.class, "pendingInfo", int.class);
            PENDING_INBOUND = lookup.findVarHandle(ConnectionProcess.class, "pendingInbound", int.class);
            URGENT = lookup.findVarHandle(ConnectionProcess.class, "urgent", Event.Close.class);
            TIMERS = lookup.findVarHandle(ConnectionProcess.class, "timers", Set.class);
            ENDED = lookup.findVarHandle(ConnectionProcess.class, "ended", CompletableFuture.class);
            CONTAINER_CLOSED = lookup.findVarHandle(ConnectionProcess.class, "containerClosed", CompletableFuture.class);
            TAIL = lookup.findVarHandle(ConnectionProcess.class, "tail", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String id;
    private final String path;
    private final WebSockServer server;
    private final HandlerSource source;
    private final WebSock<S> handler;
    private final WebSockOptions options;
    private final Executor executor;
    private final Transport transport;
    private final Handshake handshake;
    private final Outbound outbound;
    /** The server clock's time at open, read only when {@link #events} is set (0 otherwise). */
    private final long openedAt;

    /**
     * The mailbox: a linked queue of {@link Node}s, many producers, one consumer (whoever holds {@link #scheduled}).
     * {@code head} is the last node taken (its event cleared), {@code tail} the last node added; an empty mailbox
     * is one node, both. A producer swaps {@code tail} first and links the previous tail to its node after, so a
     * consumer may see the mailbox empty while an event is being added: every producer tries {@link #scheduled}
     * after adding, which covers that (see {@link #add}).
     */
    private volatile Node head;
    private volatile Node tail;
    /** The run flag (see the invariants above); CAS through {@link #SCHEDULED}. */
    private volatile boolean scheduled;
    /**
     * A run task is with the executor and has not started. The task claims it before running, so a run that
     * the executor dropped (a user's executor shut down with {@code shutdownNow()}) can be taken over — once.
     */
    private volatile boolean handedOff;
    private volatile int pendingInfo;
    private volatile int pendingInbound;
    private volatile Event.Close urgent;
    /** The timers of {@link #sendAfter} not yet delivered or discarded; created by the first one (most connections never use it). */
    private volatile Set<InfoTimer> timers;
    /** Completes once the connection has ended; created on first use ({@link #lazyFuture}), like the next. */
    private volatile CompletableFuture<Void> ended;
    /** Completes when the container reports the session over (onClose/onError): our close frame is on the wire. */
    private volatile CompletableFuture<Void> containerClosed;
    private volatile Thread inboundWaiter;
    private volatile boolean open = true;
    private volatile long lastInbound;
    private volatile ScheduledFuture<?> lostCheck;

    // Owned by the thread running the process.
    private S state;
    private boolean started;
    private boolean done;
    /** Written and read by the heartbeat on the timer thread (volatile: the first arming runs on the process). */
    private volatile long lastPing;
    private volatile ScheduledFuture<?> heartbeat;

    @SuppressWarnings("unchecked")
    ConnectionProcess(String id, String path, WebSockServer server, HandlerSource source, WebSock<?> handler,
                      WebSockOptions options, Executor executor, Transport transport, Handshake handshake) {
        super(opened(server, path, id));
        this.id = id;
        this.path = path;
        this.server = server;
        this.source = source;
        this.handler = (WebSock<S>) handler;
        this.options = options;
        this.executor = executor;
        this.transport = transport;
        this.handshake = handshake;
        this.openedAt = events == null ? 0 : server.nanoTime();
        this.outbound = new Outbound(this, transport, options.outboundBufferLimit(), options.sendTimeout().toNanos());
        Node stub = new Node(null);
        this.head = stub;
        this.tail = stub;
        this.lastInbound = server.nanoTime();
        this.lastPing = lastInbound; // not 0: System.nanoTime() may be negative, and 0 would then count as "later"
    }

    /** Where this connection's events go ({@link WebSockEvents}); null when the server has no listener. */
    private static WebSockEvents.Connection opened(WebSockServer server, String path, String id) {
        WebSockEvents listener = server.events();
        return listener == null ? null : listener.connectionOpened(path, id);
    }

    // ---------------------------------------------------------------- the mailbox

    /** One event in the mailbox; the consumer keeps the last one it took as the queue's head, its event cleared. */
    private static final class Node {
        Event event;        // written before the node is published by the tail swap, cleared by the consumer
        volatile Node next;

        Node(Event event) {
            this.event = event;
        }
    }

    /**
     * Any thread: appends {@code event}. Wait-free: one swap of {@link #tail}, then the link from the previous tail.
     * Between the two a consumer sees the mailbox end at the previous tail; every caller tries {@link #scheduled}
     * right after, so either the consumer that released the flag sees the link when it looks again, or this caller
     * wins the flag and runs (or hands off) the mailbox itself — no event is stranded.
     */
    private void add(Event event) {
        Node node = new Node(event);
        Node previous = (Node) TAIL.getAndSet(this, node);
        previous.next = node;
    }

    /** The holder of {@link #scheduled} only: the next event, or null when none is (visibly) linked yet. */
    private Event poll() {
        Node h = head;
        Node next = h.next;
        if (next == null) {
            return null;
        }
        Event event = next.event;
        next.event = null;
        head = next;
        // The old head is garbage: point it at itself, not at a live node, or a dead node promoted to the old
        // generation keeps its successors alive through young collections (as ConcurrentLinkedQueue does too).
        // No producer writes it again: only the one that swapped it out of tail linked it, and that link was read.
        NEXT.set(h, h);
        return event;
    }

    private boolean mailboxEmpty() {
        return head.next == null;
    }

    /** Any thread (diagnostics): a node the consumer passed meanwhile points at itself, which ends the count. */
    private int mailboxSize() {
        int n = 0;
        for (Node node = head.next; node != null; ) {
            n++;
            Node next = node.next;
            node = next == node ? null : next;
        }
        return n;
    }

    // ---------------------------------------------------------------- Connection (any thread)

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean send(Object message) {
        Objects.requireNonNull(message, "info message must not be null");
        return enqueueInfo(new Event.Info(message, null));
    }

    @Override
    public Cancellable sendAfter(Object message, Duration delay) {
        Objects.requireNonNull(message, "info message must not be null");
        Objects.requireNonNull(delay, "delay must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("sendAfter delay must not be negative, got " + delay);
        }
        InfoTimer timer = new InfoTimer(this, message);
        if (!open) {
            timer.discard();
            return timer;
        }
        Set<InfoTimer> set = timers();
        set.add(timer);
        timer.scheduled(server.schedule(timer::fire, delay.toNanos()));
        if (!open && set.remove(timer)) {
            // finish() set open = false before it took the timers out one by one: either it took this one
            // (and discarded it) or this remove() did, never neither.
            timer.discard();
        }
        return timer;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return "Connection[" + id + "]";
    }

    /** The mailbox's state in one line, for failure messages and diagnostics. */
    String diagnostics() {
        return "scheduled=" + scheduled + " mailbox=" + mailboxSize() + " pendingInfo=" + pendingInfo
                + " pendingInbound=" + pendingInbound + " waiter=" + inboundWaiter + " urgent=" + urgent
                + " sessionOpen=" + transport.isOpen();
    }

    // ---------------------------------------------------------------- inputs from other threads

    /**
     * Container thread, from onOpen, before the container can report anything else about the session: queue
     * {@code init} and list the connection in the registry (only after {@code init} is queued, so a broadcast
     * can never put an info message ahead of it; before any close the container reports, so a connection that
     * ends at once is unlisted by its own {@code finish}).
     *
     * <p>{@code onOpen} checked that the server accepts connections, but a {@code shutdown()} or {@code drain()}
     * may have begun since, and its snapshot of the connections may have missed this one: checked again after
     * listing (the server changes its mode before it takes the snapshot, so one of the two sees the other),
     * and then the connection ends right after {@code init} as the others do.
     */
    void enlist() {
        add(new Event.Init());
        server.register(this);
        if (!server.accepting()) {
            add(new Event.Close(server.refusalClose(), CloseReason.SHUTDOWN, false));
        }
    }

    /** Container thread, last in onOpen: run {@code init} here, unless an event got the process running already. */
    void start() {
        if (SCHEDULED.compareAndSet(this, false, true)) {
            drain(RUN_BUDGET);
        }
    }

    /** Container read thread: any inbound traffic, fragments included, re-arms the idle timer. */
    void touchInbound() {
        lastInbound = server.nanoTime();
    }

    /** Container read thread: a whole data message or a pong. */
    void inbound(Event event) {
        lastInbound = server.nanoTime();
        if (events != null && event instanceof Event.Inbound in) {
            events.messageIn(in.frame() instanceof Frame.Text, in.bytes());
        }
        if (!open) {
            return;
        }
        PENDING_INBOUND.getAndAdd(this, 1);
        add(event);
        if (SCHEDULED.compareAndSet(this, false, true)) {
            drain(RUN_BUDGET); // idle: run on the read thread, like a raw endpoint would
        } else {
            awaitInboundCapacity();
        }
    }

    /** Container thread: the connection is over from the container's point of view. */
    void ended(CloseReason reason) {
        ConnectionProcess.<Void>lazyFuture(CONTAINER_CLOSED, this).complete(null);
        add(new Event.Ended(reason));
        signal();
    }

    /**
     * Writer: a send failed, so the connection is broken. The container's own report (onClose/onError, with
     * the peer's close code if a close frame came in) normally follows at once and wins; if none has come
     * within {@link #LOST_REPORT_GRACE_NANOS} (at most {@code sendTimeout}) — a container can drop a reset
     * connection without telling the endpoint, e.g. Tomcat and Tyrus on Payara/GlassFish while the read thread
     * is held by back-pressure — the connection ends with the failure itself.
     */
    void sendFailed(Throwable failure) {
        if (isEnded()) {
            return;
        }
        ScheduledFuture<?> check = server.schedule(() -> ended(fromContainer(failure)),
                Math.min(LOST_REPORT_GRACE_NANOS, options.sendTimeout().toNanos()));
        lostCheck = check;
        if (isEnded()) {
            check.cancel(false); // finish() ran meanwhile and may have missed it
        }
    }

    /** Any thread: end the connection with a close frame after the events already queued. */
    void close(CloseDetail close, CloseReason reason) {
        add(new Event.Close(close, reason, false));
        signal();
        rescueDroppedRun();
    }

    /** Timer thread: the peer keeps a send in flight for longer than sendTimeout. */
    void slowConsumer() {
        abort(new Event.Close(SLOW_CONSUMER_CLOSE, new CloseReason.Error(Fault.SLOW_CONSUMER), true));
    }

    /** Container read thread: a message grew over maxMessageSize. */
    void messageTooBig() {
        abort(new Event.Close(CloseDetail.of(1009, "message too big"), new CloseReason.Error(Fault.MESSAGE_TOO_BIG), false));
    }

    void timerFired(InfoTimer timer, Object message) {
        enqueueInfo(new Event.Info(message, timer));
    }

    void timerGone(InfoTimer timer) {
        Set<InfoTimer> set = timers;
        if (set != null) {
            set.remove(timer);
        }
    }

    /**
     * The timer set, created on first use. {@link #finish} sets {@code open = false} before it reads the field,
     * and {@link #sendAfter} creates the set before it reads {@code open}: a set that {@code finish} did not see
     * is created late enough for {@code sendAfter} to see the connection closed (both are volatile).
     */
    private Set<InfoTimer> timers() {
        Set<InfoTimer> set = timers;
        if (set == null) {
            set = ConcurrentHashMap.newKeySet();
            if (!TIMERS.compareAndSet(this, null, set)) {
                set = timers;
            }
        }
        return set;
    }

    /**
     * Completes once the connection has ended (after {@code terminate}, or after a failed {@code init}), its
     * close frame, if any, has been handed to the container, and the container has reported the session
     * closed — so a server stop that waits for this neither overtakes the container's own close of the
     * session nor cuts a close frame that is still queued (Tyrus drops queued bytes when it stops).
     * If the close could not be sent, the writer's end stands for the container's.
     */
    CompletableFuture<Void> endedFuture() {
        return CompletableFuture.allOf(lazyFuture(ENDED, this),
                outbound.finished().thenCompose(sent -> sent ? lazyFuture(CONTAINER_CLOSED, this) : DONE));
    }

    private boolean isEnded() {
        CompletableFuture<Void> e = ended;
        return e != null && e.isDone();
    }

    /**
     * The future in the field {@code handle} of {@code owner}, created there on first use: most connections never
     * ask for theirs while they are open, and an idle connection keeps only the null field.
     */
    @SuppressWarnings("unchecked")
    static <T> CompletableFuture<T> lazyFuture(VarHandle handle, Object owner) {
        CompletableFuture<T> f = (CompletableFuture<T>) handle.getVolatile(owner);
        if (f == null) {
            CompletableFuture<T> created = new CompletableFuture<>();
            f = (CompletableFuture<T>) handle.compareAndExchange(owner, (CompletableFuture<T>) null, created);
            if (f == null) {
                f = created;
            }
        }
        return f;
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** For tests and diagnostics: the container read thread held by back-pressure right now, if any. */
    Thread heldReader() {
        return inboundWaiter;
    }

    /** For tests and diagnostics: this connection's writer. */
    Outbound outbound() {
        return outbound;
    }

    /** For tests and diagnostics: where the writer writes. */
    Transport transport() {
        return transport;
    }

    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return server.schedule(task, delayNanos);
    }


    /** The server's clock ({@link System#nanoTime()}, or the test kit's virtual clock). */
    long nanoTime() {
        return server.nanoTime();
    }

    /** Runs a blocking ping or pong write on the server's pool for them (never on the caller's thread on a container). */
    void runBlockingWrite(Runnable task) {
        runOn(server.blockingWrites(), task);
    }

    /** Runs {@code task} on the executor, off the caller's thread (used for closes that may block). */
    void runDetached(Runnable task) {
        runOn(executor, task);
    }

    /** Runs {@code task} on {@code executor}, or here if the executor refuses it (shutting down, or failing). */
    static void runOn(Executor executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RuntimeException refused) {
            task.run();
        }
    }

    /** Any thread: a broadcast or publish; {@code info} may be shared with other mailboxes (it is immutable). */
    boolean offer(Event.Info info) {
        return enqueueInfo(info);
    }

    private boolean enqueueInfo(Event.Info info) {
        if (!open) {
            return false;
        }
        int depth = (int) PENDING_INFO.getAndAdd(this, 1) + 1;
        if (depth > options.mailboxLimit()) {
            PENDING_INFO.getAndAdd(this, -1);
            abort(new Event.Close(CloseDetail.of(1013, "mailbox overflow"),
                    new CloseReason.Error(Fault.MAILBOX_OVERFLOW), false));
            return false;
        }
        add(info);
        if (events != null) {
            events.mailboxDepth(depth);
        }
        signal();
        return true;
    }

    private void abort(Event.Close close) {
        if (URGENT.compareAndSet(this, null, close)) {
            open = false;
            releaseInboundWaiter(); // the connection is ending: what the reader would queue is dropped anyway
            signal();
        }
    }

    private void signal() {
        if (SCHEDULED.compareAndSet(this, false, true)) {
            handOff();
        }
    }

    /** Caller holds {@link #scheduled}: give the run to the executor, or run here if the executor refuses it. */
    private void handOff() {
        handedOff = true;
        try {
            executor.execute(this);
        } catch (RuntimeException | Error refused) {
            // Rejected because the executor is shutting down (undeploy), or an executor that fails: run here
            // rather than strand the events — unless the task was taken anyway and has started.
            if (HANDED_OFF.compareAndSet(this, true, false)) {
                drain(RUN_BUDGET);
            }
        }
    }

    /**
     * A run handed to an {@code ExecutorService} that has since terminated will never start (its owner shut
     * it down with {@code shutdownNow()}, which drops queued tasks): take it over here, so a server stop or
     * drain still ends the connection. Checked only on the rare close path, not per message.
     */
    private void rescueDroppedRun() {
        if (handedOff && executor instanceof ExecutorService service && terminated(service)
                && HANDED_OFF.compareAndSet(this, true, false)) {
            drain(RUN_BUDGET);
        }
    }

    private static boolean terminated(ExecutorService service) {
        try {
            return service.isTerminated();
        } catch (RuntimeException managed) {
            return false; // a ManagedExecutorService refuses lifecycle calls; the server owns its life
        }
    }

    private void awaitInboundCapacity() {
        if (pendingInbound <= INBOUND_HIGH_WATER) {
            return;
        }
        inboundWaiter = Thread.currentThread();
        boolean interrupted = false;
        try {
            while (pendingInbound > INBOUND_HIGH_WATER && open) {
                LockSupport.park(this);
                // park() returns at once while the flag is set: clear it (or the loop spins), restore it after.
                interrupted |= Thread.interrupted();
            }
        } finally {
            // The peer was sending all along; only the bridge held the read. Refresh before clearing the
            // waiter: heartbeat() reads the waiter first, then lastInbound (see there).
            lastInbound = server.nanoTime();
            inboundWaiter = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets a read thread held by back-pressure go; it re-checks {@link #open} and leaves once the process ends. */
    private void releaseInboundWaiter() {
        Thread waiter = inboundWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    private void inboundHandled() {
        if ((int) PENDING_INBOUND.getAndAdd(this, -1) - 1 <= INBOUND_HIGH_WATER) {
            Thread waiter = inboundWaiter;
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }
    }

    // ---------------------------------------------------------------- the process

    /**
     * Runs the mailbox; the caller holds {@link #scheduled}. Returns having released the flag or handed the
     * run on. Only a {@link VirtualMachineError} other than {@link StackOverflowError} leaves a callback (see
     * {@link #invoke}); it ends the connection (1011), releases the flag so later events are still handled
     * (and dropped, keeping counters and held readers right), and is rethrown to the thread's owner.
     */
    private void drain(int budget) {
        try {
            drainLoop(budget);
        } catch (Throwable fatal) {
            if (!done) {
                LOG.log(System.Logger.Level.ERROR, "websock " + id + ": fatal error; closing with 1011", fatal);
                try {
                    finish(new CloseReason.Error(fatal), INTERNAL_ERROR, false);
                } catch (Throwable again) {
                    fatal.addSuppressed(again);
                }
            }
            scheduled = false;
            if (!mailboxEmpty()) {
                signal();
            }
            throw fatal;
        }
    }

    private void drainLoop(int budget) {
        while (true) {
            while (budget-- > 0) {
                Event.Close close = done ? null : urgent;
                if (close != null) {
                    handle(close);
                    continue;
                }
                Event event = poll();
                if (event == null) {
                    break;
                }
                handle(event);
            }
            if (budget < 0 && !mailboxEmpty()) {
                // Out of budget with work left: keep the flag and continue on the executor.
                handedOff = true;
                try {
                    executor.execute(this);
                    return;
                } catch (RuntimeException | Error refused) {
                    if (!HANDED_OFF.compareAndSet(this, true, false)) {
                        return; // taken anyway, and started
                    }
                    budget = RUN_BUDGET;
                    continue;
                }
            }
            scheduled = false;
            boolean more = !mailboxEmpty() || (!done && urgent != null);
            if (!more || !SCHEDULED.compareAndSet(this, false, true)) {
                return;
            }
            budget = RUN_BUDGET;
        }
    }

    private void handle(Event event) {
        if (done) {
            dropped(event);
            return;
        }
        if (event instanceof Event.Inbound in) {
            try {
                invoke(() -> callHandleIn(in.frame()));
            } finally {
                inboundHandled();
            }
        } else if (event instanceof Event.Info info) {
            PENDING_INFO.getAndAdd(this, -1);
            if (info.timer() != null) {
                timerGone(info.timer());
                if (!info.timer().claimDelivery()) {
                    return; // cancelled after it fired
                }
            }
            invoke(() -> callHandleInfo(info.message()));
        } else if (event instanceof Event.Control control) {
            try {
                invoke(() -> callHandleControl(control.frame()));
            } finally {
                inboundHandled();
            }
        } else if (event instanceof Event.Init) {
            init();
        } else if (event instanceof Event.Close close) {
            finish(close.reason(), close.close(), close.dropQueued());
        } else if (event instanceof Event.Ended end) {
            finish(end.reason(), null, true);
        }
    }

    private void dropped(Event event) {
        if (event instanceof Event.Inbound || event instanceof Event.Control) {
            inboundHandled();
        } else if (event instanceof Event.Info) {
            PENDING_INFO.getAndAdd(this, -1);
        }
    }

    private void init() {
        Result<S> result;
        try {
            result = callInit();
            if (result == null) {
                throw new NullPointerException("init returned null instead of a Result");
            }
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.log(System.Logger.Level.ERROR, "websock " + id + ": init failed; closing with 1011", e);
            finish(new CloseReason.Error(e), INTERNAL_ERROR, false);
            return;
        }
        started = true;
        armHeartbeat(lastInbound);
        apply(result);
    }

    private void invoke(Supplier<Result<S>> callback) {
        Result<S> result;
        try {
            result = callback.get();
            if (result == null) {
                throw new NullPointerException("callback returned null instead of a Result");
            }
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.log(System.Logger.Level.ERROR, "websock " + id + ": callback threw; closing with 1011", e);
            finish(new CloseReason.Error(e), INTERNAL_ERROR, false);
            return;
        }
        apply(result);
    }

    private void apply(Result<S> result) {
        state = result.state();
        if (result instanceof Result.Push<S> push) {
            if (!outbound.offer(push.frames())) {
                slowConsumer();
            }
        } else if (result instanceof Result.Stop<S> stop) {
            if (outbound.offer(stop.frames())) {
                finish(stop.closeReason(), stop.closeDetail(), false);
            } else {
                // The last frames do not fit either: the peer is a slow consumer like any other (§2.5).
                finish(new CloseReason.Error(Fault.SLOW_CONSUMER), SLOW_CONSUMER_CLOSE, true);
            }
        }
    }

    /**
     * The only place a connection ends. {@code close == null}: the peer is gone, send nothing.
     *
     * <p>An overflow or slow-consumer end that was raised meanwhile (while the callback that now ends the
     * connection ran) decides the end: it came first, it is what {@code terminate} hears, and its close
     * frame does not wait behind a queue (or a stuck send) that will never drain.
     */
    private void finish(CloseReason reason, CloseDetail close, boolean dropQueued) {
        done = true;
        open = false;
        // First, before anything that may block (a close can wait on the socket that a held reader holds).
        releaseInboundWaiter();
        Event.Close first = urgent;
        if (first != null) {
            reason = first.reason();
            if (close != null) {
                close = first.close();
                dropQueued = first.dropQueued();
            }
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        // One by one, not iterate-then-clear: a sendAfter racing this either finds its timer gone (discarded
        // here) or removes it itself after seeing open == false.
        Set<InfoTimer> set = timers;
        for (var it = set == null ? java.util.Collections.<InfoTimer>emptyIterator() : set.iterator(); it.hasNext(); ) {
            InfoTimer timer = it.next();
            it.remove();
            timer.discard();
        }
        if (close == null) {
            outbound.discard();
        } else if (dropQueued) {
            outbound.abort(close);
        } else {
            outbound.close(close);
        }
        try {
            if (started) {
                callTerminate(reason);
            }
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.log(System.Logger.Level.ERROR, "websock " + id + ": terminate threw", e);
        } finally {
            state = null;
            server.forget(this);
            if (events != null) {
                reportEnd(reason, close);
            }
            Error fatal = null;
            try {
                source.release(handler);
            } catch (RuntimeException | Error e) {
                if (isFatal(e)) {
                    fatal = (Error) e; // rethrown once the connection is fully ended
                } else {
                    LOG.log(System.Logger.Level.ERROR, "websock " + id + ": releasing the handler failed", e);
                }
            }
            ConnectionProcess.<Void>lazyFuture(ENDED, this).complete(null);
            ScheduledFuture<?> lost = lostCheck; // read after completing: sendFailed() checks in the other order
            if (lost != null) {
                lost.cancel(false);
            }
            if (fatal != null) {
                throw fatal;
            }
        }
    }

    /** The end as {@link WebSockEvents.Connection} hears it: the code sent, else the peer's, else 1006. */
    private void reportEnd(CloseReason reason, CloseDetail close) {
        if (reason instanceof CloseReason.Error e && e.cause() == Fault.SLOW_CONSUMER) {
            events.slowConsumer();
        } else if (reason instanceof CloseReason.Error e && e.cause() == Fault.MAILBOX_OVERFLOW) {
            events.mailboxOverflow();
        }
        int code = close != null ? close.code() : reason instanceof CloseReason.Remote r ? r.code() : 1006;
        events.connectionClosed(code, reason, server.nanoTime() - openedAt);
    }

    // ---------------------------------------------------------------- callbacks, watched for blockedWarning

    private Result<S> callInit() {
        enter(BlockedCallbacks.INIT);
        try {
            return handler.init(this);
        } finally {
            exit();
        }
    }

    private Result<S> callHandleIn(Frame.Data frame) {
        enter(BlockedCallbacks.HANDLE_IN);
        try {
            return handler.handleIn(frame, state);
        } finally {
            exit();
        }
    }

    private Result<S> callHandleControl(Frame.Control frame) {
        enter(BlockedCallbacks.HANDLE_CONTROL);
        try {
            return handler.handleControl(frame, state);
        } finally {
            exit();
        }
    }

    private Result<S> callHandleInfo(Object message) {
        enter(BlockedCallbacks.HANDLE_INFO);
        try {
            return handler.handleInfo(message, state);
        } finally {
            exit();
        }
    }

    private void callTerminate(CloseReason reason) {
        enter(BlockedCallbacks.TERMINATE);
        try {
            handler.terminate(reason, state);
        } finally {
            exit();
        }
    }

    // ---------------------------------------------------------------- idle timeout and auto-ping

    /**
     * Schedules the next heartbeat on the shared timer. The heartbeat runs <b>on the timer thread</b>, not
     * through the mailbox: whether this connection is idle, and its auto-ping, never wait for a thread of the
     * executor, which other connections' blocked callbacks may hold (SPEC §2.4). Only the idle-timeout close
     * goes through the mailbox, like any close.
     */
    private void armHeartbeat(long inbound) {
        if (timeoutNanos() == 0 && pingNanos() == 0) {
            return;
        }
        long now = server.nanoTime();
        long next = Long.MAX_VALUE;
        if (timeoutNanos() > 0) {
            next = inbound + timeoutNanos();
        }
        if (pingNanos() > 0) {
            long since = lastPing;
            long quietSince = since - inbound > 0 ? since : inbound;
            next = Math.min(next, quietSince + pingNanos());
        }
        heartbeat = server.schedule(this, Math.max(0, next - now));
        if (!open) {
            heartbeat.cancel(false); // finish() ran meanwhile and may have cancelled the previous one only
        }
    }

    /*
     * The process is its own task object (no object per purpose): run() is a mailbox run handed to the executor (it
     * claims handedOff first, so a run the executor dropped can be taken over once); call() is the heartbeat on the
     * shared timer, which runs any Callable task through call() (WebSockServer#schedule) and so needs no adapter.
     * Neither is part of Connection, the type applications see.
     */

    /** A mailbox run handed to the executor ({@link #handOff}); not for applications. */
    @Override
    public void run() {
        if (HANDED_OFF.compareAndSet(this, true, false)) {
            drain(RUN_BUDGET);
        }
    }

    /** The heartbeat, on the shared timer ({@link #armHeartbeat}); not for applications. */
    @Override
    public Void call() {
        heartbeat();
        return null;
    }

    @Override
    long thresholdNanos() {
        return options.blockedWarning().toNanos();
    }

    private long timeoutNanos() {
        return options.timeout().toNanos();
    }

    private long pingNanos() {
        return options.pingInterval().toNanos();
    }

    /** Timer thread: decides idle timeout and auto-ping from volatile fields only. */
    private void heartbeat() {
        if (!open) {
            return; // ending: finish() cancels heartbeats, this one had already started
        }
        long now = server.nanoTime();
        // While the container's read thread is held by inbound back-pressure the peer is not silent — the
        // bridge is not reading. Count that time as traffic, or a busy connection would time out as idle
        // with frames waiting unread. (Waiter first, then lastInbound: the waiter refreshes it before leaving.)
        long inbound = inboundWaiter != null ? now : lastInbound;
        if (timeoutNanos() > 0 && now - inbound >= timeoutNanos()) {
            // Decided here, on the timer; the close runs on the process after the events already queued, as any
            // close. Once a shutdown or drain has begun the connection is ending as Shutdown anyway (its close may
            // still be queued, or its drain batch later), and a container may stop delivering pongs while the
            // application stops: then it ends with the stop's close, never as an idle timeout.
            if (server.accepting()) {
                close(CloseDetail.of(1000, "idle timeout"), CloseReason.TIMEOUT);
            } else {
                close(server.refusalClose(), CloseReason.SHUTDOWN);
            }
            return;
        }
        if (pingNanos() > 0) {
            long since = lastPing;
            long quietSince = since - inbound > 0 ? since : inbound;
            if (now - quietSince >= pingNanos()) {
                lastPing = now;
                // Outbound is thread-safe and never blocks the caller: the ping queues behind the send in
                // flight, and the blocking sendPing itself runs on the executor, never on this timer thread.
                if (!outbound.offer(Outbound.AUTO_PING_FRAMES)) {
                    slowConsumer();
                }
            }
        }
        armHeartbeat(inbound);
    }

    // ---------------------------------------------------------------- container errors

    /** Maps what the container says about an ended connection to what {@code terminate} gets. */
    static CloseReason fromContainer(jakarta.websocket.CloseReason close) {
        int code = close.getCloseCode().getCode();
        String text = close.getReasonPhrase() == null ? "" : close.getReasonPhrase();
        return switch (code) {
            case 1006 -> new CloseReason.Error(Fault.CLOSED);
            // Containers close with these themselves when the peer's data is bad, and do not say which
            // side closed: either way the connection failed, so terminate hears an error.
            case 1002, 1007 -> new CloseReason.Error(new IOException("close " + code + (text.isEmpty() ? "" : ": " + text)));
            default -> new CloseReason.Remote(code, text);
        };
    }

    static CloseReason fromContainer(Throwable error) {
        return error instanceof IOException && !(error.getCause() instanceof java.nio.charset.CharacterCodingException)
                ? new CloseReason.Error(Fault.CLOSED)
                : new CloseReason.Error(error);
    }

    /**
     * Lets errors the JVM cannot recover from leave the callback ({@link #drain} ends the connection and
     * rethrows them). A {@link StackOverflowError} is not one of them: the stack has unwound by the time it
     * is caught, so it ends the connection like any other exception a callback throws (1011).
     */
    private static void rethrowIfFatal(Throwable t) {
        if (isFatal(t)) {
            throw (Error) t;
        }
    }

    private static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    }
}
