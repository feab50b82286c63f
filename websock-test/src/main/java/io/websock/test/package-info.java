/**
 * The users' test kit for WebSock handlers: an in-JVM driver that runs a handler on the library's own code path
 * (result interpretation, close codes, limits, mailbox order, {@code terminate} exactly once) under a virtual
 * clock, and a client for real servers whose expectations await with a timeout and say what arrived instead.
 */
package io.websock.test;
