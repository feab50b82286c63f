package io.websock.cdi.se;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import io.websock.cdi.probe.Probe;

/** Options from the annotation: a 16-byte message limit and two subprotocols. */
@WebSockHandler(path = "/limited", maxMessageSize = "16", subprotocols = {"v2", "v1"}, timeout = "1m")
public class LimitedHandler implements WebSock<String> {

    @Override
    public Result<String> init(Connection connection) {
        return Result.push(Frame.text("subprotocol " + connection.handshake().subprotocol()), "");
    }

    @Override
    public Result<String> handleIn(Frame.Data frame, String state) {
        return Result.push(frame, state);
    }

    @Override
    public Result<String> handleInfo(Object message, String state) {
        Probe.event("limited.info.thread:" + Thread.currentThread().getName());
        return Result.push(Frame.text("info on " + Thread.currentThread().getName()), state);
    }

    @Override
    public void terminate(CloseReason reason, String state) {
        Probe.event("limited.terminate:" + reason);
    }
}
