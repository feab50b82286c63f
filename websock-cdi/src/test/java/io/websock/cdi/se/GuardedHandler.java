package io.websock.cdi.se;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Handshake;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.cdi.WebSockHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** Guarded by two upgrade-check beans; tells the client what they attached, in which order. */
@ApplicationScoped
@WebSockHandler("/guarded")
public class GuardedHandler implements WebSock<Integer> {

    @Override
    public Result<Integer> init(Connection connection) {
        Handshake h = connection.handshake();
        return Result.push(Frame.text("user=" + h.attribute("user") + " stamp=" + h.attribute("stamp")
                + " sawStamp=" + h.attribute("sawStamp")), 0);
    }

    @Override
    public Result<Integer> handleIn(Frame.Data frame, Integer state) {
        return Result.push(frame, state);
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer state) {
        return Result.ok(state);
    }
}
