package io.websock.test.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a JUnit 5 test class against a real embedded container: before the tests, the {@link #container()}
 * (Tomcat unless told otherwise) starts on 127.0.0.1 and a free port with the handlers that the class's
 * {@link WebSockEndpoints} method registers; after them it stops cleanly (every connection closed 1001, the
 * handlers' {@code terminate(Shutdown)} run).
 *
 * <pre>{@code
 * @WebSockTest
 * class EchoHandlerTest {
 *
 *     @WebSockEndpoints
 *     static void endpoints(Endpoints endpoints) {
 *         endpoints.add("/echo", new EchoHandler());
 *     }
 *
 *     @Test
 *     void echoes(@WebSockPath("/echo") WebSockTestClient client) {
 *         client.sendText("hi").expectText("hi");
 *     }
 * }
 * }</pre>
 *
 * <p>Test methods (and constructors and lifecycle methods) may declare these parameters:
 * <ul>
 *   <li>{@code @WebSockPath("/p") WebSockTestClient} — a client connected to {@code /p}, closed after the test;</li>
 *   <li>{@code @WebSockPath("/p") RawWebSocket} — a raw client after a valid upgrade of {@code /p}, closed after
 *       the test;</li>
 *   <li>{@code @WebSockPath("/p") URI} — {@code ws://127.0.0.1:<port>/p}, to connect yourself;</li>
 *   <li>{@link WebSockTestServer} — the running server (connect more clients, raw upgrades, its port);</li>
 *   <li>{@code WebSockServer} — the application's WebSock server (registry, topics).</li>
 * </ul>
 *
 * <p>The chosen container's artifacts must be on the test class path (see {@link EmbeddedContainer}); if they are
 * not, the class fails with an error naming them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WebSockExtension.class)
public @interface WebSockTest {

    /** The embedded container to start. */
    EmbeddedContainer container() default EmbeddedContainer.TOMCAT;

    /** Whether one server serves the whole class (the default) or each test gets a fresh one. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /** How long a server lives. */
    enum Lifecycle {
        /**
         * One server for all tests of the class (and its {@code @Nested} classes), started before the first and
         * stopped after the last; the {@link WebSockEndpoints} method must be static.
         */
        PER_CLASS,
        /**
         * A fresh server for each test, stopped after it: no connection, registry entry or topic subscription
         * outlives a test. The {@link WebSockEndpoints} method may then be an instance method.
         */
        PER_TEST
    }
}
