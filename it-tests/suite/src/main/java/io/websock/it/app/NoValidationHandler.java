package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** Upgrade validation off: malformed upgrades get the container's own answer (S2). */
@WebSockHandler(path = "/novalidate", earlyValidateUpgrade = false)
public class NoValidationHandler extends ScriptedHandler {
}
