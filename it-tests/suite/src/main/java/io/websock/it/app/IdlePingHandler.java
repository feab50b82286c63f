package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** Pings after 250 ms of silence, so a client answering pings outlives the 1 s idle timeout (S15). */
@WebSockHandler(path = "/idle-ping", timeout = "1s", pingInterval = "250ms")
public class IdlePingHandler extends ScriptedHandler {
}
