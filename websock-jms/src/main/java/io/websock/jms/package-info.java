/**
 * Topics that span servers through a Jakarta Messaging 3.1 topic: {@link io.websock.jms.JmsTopicBus}, a
 * {@link io.websock.spi.TopicBus} on the application server's own broker or any JMS provider.
 */
package io.websock.jms;
