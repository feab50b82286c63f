package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** Accepts messages of up to 16 MiB (S11: a single 5 MiB frame is under the bridge's limit but over Tyrus's frame buffer). */
@WebSockHandler(path = "/large", maxMessageSize = "16M")
public class LargeLimitHandler extends ScriptedHandler {
}
