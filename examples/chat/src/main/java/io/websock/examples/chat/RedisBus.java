package io.websock.examples.chat;

import io.websock.redis.RedisTopicBus;
import io.websock.spi.TopicBus;

/** The Redis bus of {@link ChatBus}, in a class of its own: loaded only when {@code chat.redis} is set. */
final class RedisBus {

    private RedisBus() {
    }

    static TopicBus create(String uri) {
        return RedisTopicBus.builder(uri).channelPrefix("chat:").codecs(new ChatCodec()).build();
    }
}
