/** OpenTelemetry metrics and spans for websock-jakarta: {@link io.websock.opentelemetry.WebSockTelemetry}. */
package io.websock.opentelemetry;
