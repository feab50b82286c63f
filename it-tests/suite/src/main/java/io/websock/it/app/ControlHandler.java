package io.websock.it.app;

import io.websock.Frame;
import io.websock.Result;
import io.websock.cdi.WebSockHandler;

import java.nio.charset.StandardCharsets;

/**
 * Also handles control frames: a pong's payload is run as a command, so every result form of
 * {@code handleControl} can be observed (S5), except the pong "p" that answers this handler's own ping; a
 * ping is answered by the container and reported as text.
 */
@WebSockHandler("/control")
public class ControlHandler extends ScriptedHandler {

    @Override
    public Result<Integer> handleControl(Frame.Control frame, Integer calls) {
        enter("handleControl");
        try {
            byte[] payload = new byte[frame.payload().remaining()];
            frame.payload().duplicate().get(payload);
            String text = new String(payload, StandardCharsets.UTF_8);
            if (frame instanceof Frame.Pong && text.equals("p")) {
                return Result.ok(calls + 1); // the client's answer to the "ping" command's ping, not a command
            }
            return frame instanceof Frame.Pong ? run(text, calls) : Result.push(Frame.text("saw ping " + text), calls + 1);
        } finally {
            exit();
        }
    }
}
