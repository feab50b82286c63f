package io.websock.it.otel;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;

/**
 * The telemetry WAR's only handler ({@code TelemetryScenarios}): echoes every data frame. The WAR carries
 * websock-cdi and websock-opentelemetry but not the OpenTelemetry API, which the server's MicroProfile
 * Telemetry provides together with the {@code OpenTelemetry} bean that {@code CdiWebSockTelemetry} resolves.
 */
@WebSockHandler("/otel/{room}")
public class TelemetryEchoHandler implements WebSock<Integer> {

    @Override
    public Result<Integer> init(Connection connection) {
        return Result.ok(0);
    }

    @Override
    public Result<Integer> handleIn(Frame.Data frame, Integer count) {
        return Result.push(frame, count + 1);
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer count) {
        return Result.ok(count);
    }
}
