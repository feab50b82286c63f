/**
 * Topics that span servers through Redis pub/sub: {@link io.websock.redis.RedisTopicBus}, a
 * {@link io.websock.spi.TopicBus} built on the Lettuce client.
 */
package io.websock.redis;
