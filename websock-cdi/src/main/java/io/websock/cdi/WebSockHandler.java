package io.websock.cdi;

import jakarta.enterprise.inject.Stereotype;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a CDI bean implementing {@link io.websock.WebSock} as the handler of a WebSocket path. The
 * {@link WebSockExtension} finds every such bean at deployment, checks it, and registers its path with
 * the {@code ServerContainer} when the web application starts.
 *
 * <p>It is a bean-defining stereotype, so the class needs no other annotation to be discovered
 * ({@code bean-discovery-mode="annotated"} is enough). Its scope decides where handlers come from:
 * <ul>
 *   <li>no scope, or {@code @Dependent}: one instance per connection, destroyed ({@code @PreDestroy}
 *       runs) right after that connection's {@code terminate};</li>
 *   <li>{@code @ApplicationScoped} or {@code @Singleton}: one instance shared by every connection
 *       (keep per-connection data in the state {@code S}).</li>
 * </ul>
 * {@code @RequestScoped}, {@code @SessionScoped} and {@code @ConversationScoped} handlers are
 * definition errors. The request context is active during every callback.
 *
 * <p>Options are checked at deployment: a bad value fails the deployment with a definition error
 * naming the bean, the option and the value — never on a live connection. An empty string means
 * "the library default" (see {@link io.websock.WebSockOptions}).
 * <ul>
 *   <li>durations ({@link #timeout}, {@link #pingInterval}, {@link #sendTimeout}): {@code "500ms"},
 *       {@code "30s"}, {@code "5m"}, {@code "1h"}, {@code "0"} (disabled, where allowed) or ISO-8601
 *       ({@code "PT1M30S"});</li>
 *   <li>sizes ({@link #maxMessageSize}, {@link #outboundBufferLimit}): bytes ({@code "65536"}) or with a
 *       binary unit: {@code "64K"}/{@code "64KB"}/{@code "64KiB"} = 64 × 1024, {@code "1M"}/{@code "1MB"}/{@code "1MiB"},
 *       {@code "1G"}/{@code "1GB"}/{@code "1GiB"}.</li>
 * </ul>
 *
 * <pre>{@code
 * @WebSockHandler(path = "/chat/{room}", timeout = "30s", maxMessageSize = "64K")
 * public class ChatHandler implements WebSock<String> { @Inject ChatService chat; ... }
 * }</pre>
 */
@Stereotype
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WebSockHandler {

    /** The path template, as {@link #path()}; give one of the two. */
    String value() default "";

    /** The path template, e.g. {@code "/chat/{room}"}: starts with '/', parameters are whole segments. */
    String path() default "";

    /** Idle timeout on inbound traffic; {@code "0"} disables. Default 60 s. */
    String timeout() default "";

    /** Auto-ping after this much inbound silence; {@code "0"} disables. Default 25 s. */
    String pingInterval() default "";

    /** Largest whole message accepted (larger closes with 1009); positive. Default 1 MiB. */
    String maxMessageSize() default "";

    /** Accept permessage-deflate where the container has it. */
    boolean compress() default false;

    /** Supported subprotocols, most preferred first. */
    String[] subprotocols() default {};

    /**
     * Origins allowed to connect, in Phoenix's forms ({@code "https://example.com"},
     * {@code "//example.com:8443"}, {@code "//*.example.com"}); empty = same origin only (the default);
     * {@code {"*"}} = any origin.
     */
    String[] allowedOrigins() default {};

    /** Bytes that may wait for the peer before it is a slow consumer (1008); positive. Default 1 MiB. */
    String outboundBufferLimit() default "";

    /** Longest one send may take before the peer is a slow consumer (1008); positive. Default 10 s. */
    String sendTimeout() default "";

    /** Pending info messages allowed before the mailbox overflows (1013); positive. */
    int mailboxLimit() default 10_000;

    /** Answer malformed upgrade requests with 400 and a precise message. */
    boolean earlyValidateUpgrade() default true;

    /**
     * A callback running longer than this logs one WARNING with the running thread's stack; {@code "0"}
     * disables. Default 2 s.
     */
    String blockedWarning() default "";

    /**
     * The JNDI name of the {@code ManagedExecutorService} that runs this handler's callbacks, e.g.
     * {@code "java:app/concurrent/websock"} (declared with {@code @ManagedExecutorDefinition}) or one configured
     * in the server; {@code ""} = the server's default managed executor, or the library default where there is
     * none. Looked up when the application starts: a name that is not a {@code java:} name is a definition
     * error, one that does not resolve to an executor fails the start, naming it.
     */
    String executor() default "";
}
