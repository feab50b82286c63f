package io.websock.it.app;

import io.websock.Frame;
import io.websock.Result;
import io.websock.cdi.WebSockHandler;

/**
 * A 2 s idle timeout with a ping every 500 ms, logging every pong: a client that answers pings stays, and
 * undeploy must end it as {@code Shutdown}, never {@code Timeout} (issue 11.4).
 */
@WebSockHandler(path = "/short-idle", timeout = "2s", pingInterval = "500ms")
public class ShortIdleHandler extends ScriptedHandler {

    @Override
    public Result<Integer> handleControl(Frame.Control frame, Integer calls) {
        enter("handleControl");
        try {
            if (frame instanceof Frame.Pong) {
                log.line("pong");
            }
            return Result.ok(calls + 1);
        } finally {
            exit();
        }
    }
}
