package io.websock.test.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link WebSockTest} class that registers the handlers while the container starts. It takes
 * one {@link Endpoints} parameter and returns nothing; it is static unless the class uses
 * {@link WebSockTest.Lifecycle#PER_TEST}. Several such methods (for example one in a superclass) all run, superclass
 * first.
 *
 * <pre>{@code
 * @WebSockEndpoints
 * static void endpoints(Endpoints endpoints) {
 *     endpoints.add("/echo", new EchoHandler());
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebSockEndpoints {
}
