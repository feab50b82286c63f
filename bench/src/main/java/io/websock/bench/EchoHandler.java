package io.websock.bench;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;

/** The WebSock echo: every data frame is pushed back unchanged; no state. Guarantee: stateless, shareable. */
final class EchoHandler implements WebSock<Object> {

    private static final Object STATE = new Object();

    @Override
    public Result<Object> init(Connection connection) {
        return Result.ok(STATE);
    }

    @Override
    public Result<Object> handleIn(Frame.Data frame, Object state) {
        return Result.push(frame, state);
    }

    @Override
    public Result<Object> handleInfo(Object message, Object state) {
        return Result.ok(state);
    }
}
