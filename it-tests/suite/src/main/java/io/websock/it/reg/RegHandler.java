package io.websock.it.reg;

import io.websock.Frame;
import io.websock.Result;
import io.websock.it.app.ScriptedHandler;

/**
 * The handler of the registration WARs: not a CDI bean (those WARs carry no websock-cdi), created with
 * {@code new} by the endpoint's supplier. It also logs every pong, so a test can see whether pongs were
 * still delivered while the application stopped.
 */
public class RegHandler extends ScriptedHandler {

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
