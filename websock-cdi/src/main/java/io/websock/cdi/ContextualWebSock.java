package io.websock.cdi;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import jakarta.enterprise.context.control.RequestContextController;

import java.util.function.Supplier;

/**
 * The handler one connection sees: the CDI handler bean, each callback run with the request context
 * active, and the bean released after the last callback.
 *
 * <p><b>Request context.</b> Every callback (and the creation and destruction of the handler) runs between
 * {@link RequestContextController#activate()} and {@link RequestContextController#deactivate()} on the
 * thread that runs it, so each callback is one CDI request: {@code @RequestScoped} beans are fresh in it
 * and destroyed after it. When the context is already active on that thread (a container thread inside
 * an HTTP request, or a caller that activated it), {@code activate()} returns false and this class
 * neither deactivates nor ends it: the outer owner keeps it.
 *
 * <p>Not thread-safe by itself, and need not be: the bridge never runs two callbacks of one connection
 * at once and orders them (happens-before), and the controller is this connection's own.
 */
final class ContextualWebSock implements WebSock<Object> {

    private static final System.Logger LOG = System.getLogger("io.websock.cdi");

    private final HandlerBean owner;
    private final WebSock<Object> delegate;
    private final RequestContextController requestContext;
    private final Runnable destroy;
    private Connection connection; // set by init; read by terminate on the process (happens-before)

    ContextualWebSock(HandlerBean owner, WebSock<Object> delegate, RequestContextController requestContext,
                      Runnable destroy) {
        this.owner = owner;
        this.delegate = delegate;
        this.requestContext = requestContext;
        this.destroy = destroy;
    }

    /** The CDI reference this connection uses (a client proxy for normal-scoped beans). */
    Object instance() {
        return delegate;
    }

    @Override
    public Result<Object> init(Connection connection) {
        Result<Object> result = inRequestContext(requestContext, () -> delegate.init(connection));
        this.connection = connection;
        owner.opened(connection);
        return result;
    }

    @Override
    public Result<Object> handleIn(Frame.Data frame, Object state) {
        return inRequestContext(requestContext, () -> delegate.handleIn(frame, state));
    }

    @Override
    public Result<Object> handleControl(Frame.Control frame, Object state) {
        return inRequestContext(requestContext, () -> delegate.handleControl(frame, state));
    }

    @Override
    public Result<Object> handleInfo(Object message, Object state) {
        return inRequestContext(requestContext, () -> delegate.handleInfo(message, state));
    }

    @Override
    public void terminate(CloseReason reason, Object state) {
        try {
            inRequestContext(requestContext, () -> {
                delegate.terminate(reason, state);
                return null;
            });
        } finally {
            if (connection != null) {
                owner.closed(connection, reason);
            }
        }
    }

    /** Destroys a {@code @Dependent} handler (its {@code @PreDestroy} runs in a request context). Once. */
    void release() {
        destroy.run();
    }

    /**
     * Runs {@code body} with the request context active on this thread: activates it if it is not, and
     * then deactivates (ends) it afterwards; leaves an already active context alone.
     */
    static <T> T inRequestContext(RequestContextController controller, Supplier<T> body) {
        boolean activated = controller.activate();
        try {
            return body.get();
        } finally {
            if (activated) {
                try {
                    controller.deactivate();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "websock: ending the request context after a callback failed", e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ContextualWebSock[" + owner.path() + " -> " + owner.beanClass().getName() + "]";
    }
}
