package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** The scripted handler with default options: the scenarios of results, info messages, timers and sizes. */
@WebSockHandler("/script")
public class ScriptHandler extends ScriptedHandler {
}
