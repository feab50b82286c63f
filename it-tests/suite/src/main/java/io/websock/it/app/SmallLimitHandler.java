package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** Accepts messages of at most 1000 bytes (S11: larger ones close with 1009). */
@WebSockHandler(path = "/small", maxMessageSize = "1000")
public class SmallLimitHandler extends ScriptedHandler {
}
