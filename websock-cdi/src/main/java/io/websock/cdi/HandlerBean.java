package io.websock.cdi;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * One {@link WebSockHandler} bean, checked at deployment: its path, its options and the bean type its
 * references are made for. After deployment it is bound to the {@link BeanManager} and hands out one
 * {@link ContextualWebSock} per connection.
 */
final class HandlerBean {

    private static final System.Logger LOG = System.getLogger("io.websock.cdi");

    private final Bean<Object> bean;
    private final String path;
    private final WebSockOptions options;
    private final Type referenceType;
    private final boolean dependent;
    private final String executorName;

    // Bound once after deployment validation; read by container threads afterwards (published by the
    // registration that follows the binding: addEndpoint happens-before any connection).
    private BeanManager beanManager;
    private Bean<RequestContextController> controllerBean;
    private Event<WebSockOpened> openedEvent;
    private Event<WebSockClosed> closedEvent;

    HandlerBean(Bean<Object> bean, String path, WebSockOptions options, Type referenceType, String executorName) {
        this.executorName = executorName;
        this.bean = bean;
        this.path = path;
        this.options = options;
        this.referenceType = referenceType;
        this.dependent = bean.getScope() == Dependent.class;
    }

    String path() {
        return path;
    }

    WebSockOptions options() {
        return options;
    }

    /** The JNDI name of the executor the annotation names, or null. */
    String executorName() {
        return executorName;
    }

    Class<?> beanClass() {
        return bean.getBeanClass();
    }

    boolean dependent() {
        return dependent;
    }

    @SuppressWarnings("unchecked")
    void bind(BeanManager bm) {
        this.beanManager = Objects.requireNonNull(bm);
        this.controllerBean = (Bean<RequestContextController>) bm.resolve(bm.getBeans(RequestContextController.class));
        Event<Object> events = bm.getEvent();
        this.openedEvent = events.select(WebSockOpened.class);
        this.closedEvent = events.select(WebSockClosed.class);
    }

    /** A new handler for one connection: the bean's reference, wrapped to run in request contexts. */
    @SuppressWarnings("unchecked")
    WebSock<?> acquire() {
        CreationalContext<RequestContextController> controllerContext = beanManager.createCreationalContext(controllerBean);
        RequestContextController controller = (RequestContextController) beanManager.getReference(
                controllerBean, RequestContextController.class, controllerContext);
        try {
            return ContextualWebSock.inRequestContext(controller, () -> {
                CreationalContext<Object> context = beanManager.createCreationalContext(bean);
                WebSock<Object> handler = (WebSock<Object>) beanManager.getReference(bean, referenceType, context);
                Runnable destroy = () -> {
                    try {
                        if (dependent) {
                            ContextualWebSock.inRequestContext(controller, () -> {
                                bean.destroy(handler, context);
                                return null;
                            });
                        }
                        // A shared (normal-scoped or @Singleton) handler lives as long as its context; its
                        // creational context must not be released here or its own dependents would go.
                    } finally {
                        controllerBean.destroy(controller, controllerContext);
                    }
                };
                return new ContextualWebSock(this, handler, controller, destroy);
            });
        } catch (RuntimeException | Error e) {
            controllerBean.destroy(controller, controllerContext);
            throw e;
        }
    }

    void release(WebSock<?> handler) {
        if (handler instanceof ContextualWebSock contextual) {
            contextual.release();
        }
    }

    void opened(Connection connection) {
        fire(openedEvent, new WebSockOpened(path, connection), connection);
    }

    void closed(Connection connection, CloseReason reason) {
        fire(closedEvent, new WebSockClosed(path, connection, reason), connection);
    }

    private static <E> void fire(Event<E> event, E payload, Connection connection) {
        try {
            event.fireAsync(payload).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, "websock " + connection.id() + ": an observer of "
                            + payload.getClass().getSimpleName() + " failed", failure);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "websock " + connection.id() + ": firing "
                    + payload.getClass().getSimpleName() + " failed", e);
        }
    }

    @Override
    public String toString() {
        return bean.getBeanClass().getName() + " at " + path;
    }
}
