package io.websock.test.junit;

import io.websock.jakarta.WebSockServer;

/** One started embedded container with the handlers deployed. */
interface Running {

    int port();

    WebSockServer websock();

    /** Stops the container; its WebSock server ends every connection first (1001, {@code terminate(Shutdown)}). */
    void stop() throws Exception;
}
