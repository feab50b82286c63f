package io.websock.it.app;

import io.websock.cdi.WebSockHandler;

/** A mailbox of 10 info messages, so a burst overflows it (S19). */
@WebSockHandler(path = "/mailbox", mailboxLimit = 10)
public class MailboxHandler extends ScriptedHandler {
}
