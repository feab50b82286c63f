package io.websock.test.junit;

import io.websock.jakarta.WebSockServer;
import io.websock.test.client.RawWebSocket;
import io.websock.test.client.WebSockTestClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The extension behind {@link WebSockTest}: starts the server (per class or per test), resolves the parameters the
 * annotation lists, closes the clients it handed out after each test and stops the server.
 */
final class WebSockExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WebSockExtension.class);
    private static final String SERVER = "server";
    private static final String CLIENTS = "clients";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Declared declared = declared(context);
        if (declared.annotation.lifecycle() == WebSockTest.Lifecycle.PER_CLASS && server(context).isEmpty()) {
            context.getStore(NAMESPACE).put(SERVER, start(declared, null));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Declared declared = declared(context);
        if (declared.annotation.lifecycle() == WebSockTest.Lifecycle.PER_TEST) {
            context.getStore(NAMESPACE).put(SERVER, start(declared, context));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        @SuppressWarnings("unchecked")
        List<AutoCloseable> clients = context.getStore(NAMESPACE).remove(CLIENTS, List.class);
        if (clients != null) {
            for (AutoCloseable c : clients) {
                try {
                    c.close();
                } catch (Exception e) {
                    failure = e;
                }
            }
        }
        WebSockTestServer server = context.getStore(NAMESPACE).remove(SERVER, WebSockTestServer.class);
        if (server != null) {
            server.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        @SuppressWarnings("unchecked")
        List<AutoCloseable> clients = context.getStore(NAMESPACE).remove(CLIENTS, List.class);
        if (clients != null) { // handed to a constructor or a @BeforeAll method
            for (AutoCloseable c : clients) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the server stops regardless
                }
            }
        }
        WebSockTestServer server = context.getStore(NAMESPACE).remove(SERVER, WebSockTestServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == WebSockTestServer.class || type == WebSockServer.class) {
            return true;
        }
        boolean annotated = parameter.isAnnotated(WebSockPath.class);
        if (type == WebSockTestClient.class || type == RawWebSocket.class) {
            if (!annotated) {
                throw new ParameterResolutionException("parameter " + parameter.getParameter() + " of "
                        + parameter.getDeclaringExecutable() + " needs @WebSockPath(\"/path\"): where should it connect?");
            }
            return true;
        }
        return type == URI.class && annotated;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        WebSockTestServer server = server(context).orElseThrow(() -> new ParameterResolutionException(
                "no WebSock test server is running for " + parameter.getDeclaringExecutable() + " (with "
                        + "@WebSockTest(lifecycle = PER_TEST) the server exists only around each test method)"));
        Class<?> type = parameter.getParameter().getType();
        if (type == WebSockTestServer.class) {
            return server;
        }
        if (type == WebSockServer.class) {
            return server.websock();
        }
        String path = parameter.findAnnotation(WebSockPath.class).orElseThrow().value();
        if (type == URI.class) {
            return server.uri(path);
        }
        try {
            AutoCloseable client = type == WebSockTestClient.class
                    ? WebSockTestClient.connect(server.uri(path)) : RawWebSocket.connect(server.uri(path));
            clients(context).add(client);
            return client;
        } catch (java.io.IOException e) {
            throw new ParameterResolutionException("could not connect to " + server.uri(path) + ": " + e, e);
        }
    }

    /** The list of clients to close after the current test (or after the class, for constructor parameters). */
    @SuppressWarnings("unchecked")
    private static List<AutoCloseable> clients(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(CLIENTS, k -> new ArrayList<AutoCloseable>(), List.class);
    }

    private static Optional<WebSockTestServer> server(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(SERVER, WebSockTestServer.class));
    }

    /** The {@link WebSockTest} annotation and the class that carries it (the test class or one enclosing it). */
    private record Declared(WebSockTest annotation, Class<?> declaringClass) {
    }

    private static Declared declared(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            Optional<WebSockTest> found = AnnotationSupport.findAnnotation(c, WebSockTest.class);
            if (found.isPresent()) {
                return new Declared(found.get(), c);
            }
        }
        throw new ExtensionConfigurationException(context.getRequiredTestClass().getName()
                + " uses the WebSock extension without @WebSockTest");
    }

    /** Starts the server, running the {@link WebSockEndpoints} methods ({@code test} given for instance methods). */
    private static WebSockTestServer start(Declared declared, ExtensionContext test) throws Exception {
        List<Method> methods = AnnotationSupport.findAnnotatedMethods(declared.declaringClass, WebSockEndpoints.class,
                HierarchyTraversalMode.TOP_DOWN);
        if (methods.isEmpty()) {
            throw new ExtensionConfigurationException(declared.declaringClass.getName() + " has no @WebSockEndpoints "
                    + "method: add one such as `@WebSockEndpoints static void endpoints(Endpoints endpoints) { "
                    + "endpoints.add(\"/echo\", new EchoHandler()); }`");
        }
        for (Method m : methods) {
            if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != Endpoints.class || m.getReturnType() != void.class) {
                throw new ExtensionConfigurationException("@WebSockEndpoints method " + m + " must take one Endpoints "
                        + "parameter and return void");
            }
            if (!ModifierSupport.isStatic(m) && test == null) {
                throw new ExtensionConfigurationException("@WebSockEndpoints method " + m + " must be static: one server "
                        + "serves the whole class (or use @WebSockTest(lifecycle = PER_TEST))");
            }
        }
        return WebSockTestServer.start(declared.annotation.container(), endpoints -> {
            for (Method m : methods) {
                Object target = ModifierSupport.isStatic(m) ? null
                        : test.getRequiredTestInstances().findInstance(m.getDeclaringClass()).orElseThrow();
                m.setAccessible(true);
                try {
                    m.invoke(target, endpoints);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        });
    }
}
