/** Micrometer meters for websock-jakarta: {@link io.websock.micrometer.WebSockMetrics}. */
package io.websock.micrometer;
