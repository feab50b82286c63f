package io.websock.it.app;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.cdi.WebSockHandler;

/** Greets with the user that {@link UserCheck} put into the handshake's attributes (S3). */
@WebSockHandler("/check")
public class CheckHandler extends ScriptedHandler {

    @Override
    public Result<Integer> init(Connection connection) {
        super.init(connection);
        return Result.push(Frame.text("user=" + connection.handshake().attribute("user")), 1);
    }
}
