/**
 * The contract every distributed {@link io.websock.spi.TopicBus} must keep, as tests an adapter's own test class
 * inherits ({@link io.websock.test.bus.TopicBusContract}): websock-redis and websock-jms run it against their real
 * brokers, and so can a bus on any other engine.
 */
package io.websock.test.bus;
