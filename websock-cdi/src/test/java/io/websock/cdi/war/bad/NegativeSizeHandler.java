package io.websock.cdi.war.bad;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;

/** Deploying this in a WAR must fail: a negative message size. */
@WebSockHandler(path = "/bad", maxMessageSize = "-1")
public class NegativeSizeHandler implements WebSock<String> {
    @Override
    public Result<String> init(Connection connection) {
        return Result.ok("");
    }

    @Override
    public Result<String> handleIn(Frame.Data frame, String state) {
        return Result.ok(state);
    }

    @Override
    public Result<String> handleInfo(Object message, String state) {
        return Result.ok(state);
    }
}
