package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** A small outbound budget and a 1 s send timeout, so a client that stops reading is cut off quickly (S18). */
@WebSockHandler(path = "/slow", outboundBufferLimit = "256K", sendTimeout = "1s")
public class SlowConsumerHandler extends ScriptedHandler {
}
