package io.websock.test.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The path (and query, if any) on the {@link WebSockTest} server that an injected {@code WebSockTestClient} or
 * {@code RawWebSocket} connects to, or that an injected {@code URI} names: {@code @WebSockPath("/rooms/lobby?user=ann")}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebSockPath {

    /** The path, starting with '/', with the query if any. */
    String value();
}
