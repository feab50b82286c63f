package io.websock.examples.chat;

import io.websock.spi.TopicBus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The chat's topic bus, read once when the application starts from the system property {@value #REDIS}:
 * unset or empty, the rooms live in this server only ({@code TopicBus.inJvm()}); a Redis URI such as
 * {@code redis://127.0.0.1:6379}, they span every server started with the same one (websock-redis, with
 * {@link ChatCodec} for the chat's own info messages). websock-cdi gives the produced bus to the server it
 * creates. An unreachable Redis fails the start, naming the address.
 */
@ApplicationScoped
public class ChatBus {

    /** The system property holding the Redis URI. */
    public static final String REDIS = "chat.redis";

    /** Whether rooms span servers (a Redis URI is set). */
    static boolean distributed() {
        return !System.getProperty(REDIS, "").isBlank();
    }

    @Produces
    @ApplicationScoped
    TopicBus bus() {
        // RedisBus is only loaded here, so a WAR without the Redis client (chat.war) works without chat.redis.
        return distributed() ? RedisBus.create(System.getProperty(REDIS).strip()) : TopicBus.inJvm();
    }
}
