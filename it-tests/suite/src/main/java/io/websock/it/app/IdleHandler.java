package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** Ends a connection after 1 s without inbound traffic and never pings (S15). */
@WebSockHandler(path = "/idle", timeout = "1s", pingInterval = "0")
public class IdleHandler extends ScriptedHandler {
}
