package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.WebSockOptions;
import org.glassfish.tyrus.spi.ServerContainerFactory;

import java.util.Map;

/**
 * Run by {@link NoServletApiTest} in a JVM whose class path has the WebSocket API and Tyrus but no
 * {@code jakarta.servlet}: starts Tyrus standalone, echoes one message, shuts the WebSock server down and
 * prints what the client and the handler saw, one {@code key=value} per line.
 */
public final class NoServletApiMain {

    private NoServletApiMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("jakarta.servlet.Servlet");
            System.out.println("servlet-api=present");
        } catch (ClassNotFoundException expected) {
            System.out.println("servlet-api=absent");
        }
        org.glassfish.tyrus.spi.ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        WebSockServer websock = WebSockServer.create();
        Scripted echo = new Scripted();
        container.addEndpoint(websock.endpoint("/echo", echo, WebSockOptions.DEFAULTS));
        container.start("/", 0);
        int port = ((org.glassfish.tyrus.server.TyrusServerContainer) container).getPort();
        try (WsClient client = WsClient.connect(java.net.URI.create("ws://127.0.0.1:" + port + "/echo"))) {
            client.text("hello");
            System.out.println("echo=" + client.nextText());
            String id = echo.recorder.onlyConnection();
            websock.shutdown();
            WsClient.Close close = client.nextClose();
            System.out.println("close=" + close.code() + " " + close.reason());
            CloseReason reason = echo.recorder.awaitTermination(id);
            System.out.println("terminate=" + reason);
        } finally {
            container.stop();
        }
        System.out.println("done");
        System.exit(0);
    }
}
