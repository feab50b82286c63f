package io.websock.micrometer.cdi;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** An echo handler registered by websock-cdi. */
@ApplicationScoped
@WebSockHandler(path = "/cdi/{room}", allowedOrigins = "*")
public class CdiEcho implements WebSock<Integer> {

    @Override
    public Result<Integer> init(Connection connection) {
        return Result.ok(0);
    }

    @Override
    public Result<Integer> handleIn(Frame.Data frame, Integer state) {
        return Result.push(frame, state + 1);
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer state) {
        return Result.ok(state);
    }
}
