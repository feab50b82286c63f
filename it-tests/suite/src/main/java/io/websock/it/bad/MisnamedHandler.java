package io.websock.it.bad;

import io.websock.it.app.ScriptedHandler;
import io.websock.cdi.WebSockHandler;

/**
 * A handler whose path lacks the leading '/': deploying a WAR with it must fail with a definition error
 * that names this class and the bad path (S22). It lives outside the main test WAR's package.
 */
@WebSockHandler("no-slash")
public class MisnamedHandler extends ScriptedHandler {
}
