package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** Speaks v2 (preferred) and v1; a client offering neither is refused with 403 (S21). */
@WebSockHandler(path = "/proto", subprotocols = {"v2", "v1"})
public class SubprotocolHandler extends ScriptedHandler {
}
