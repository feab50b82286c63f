package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** Accepts its own origin and one listed other (S21). */
@WebSockHandler(path = "/origin", allowedOrigins = "https://allowed.example")
public class OriginHandler extends ScriptedHandler {
}
