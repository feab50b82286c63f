package hello;

import io.websock.test.client.RawWebSocket;
import io.websock.test.client.WebSockTestClient;
import io.websock.test.junit.Endpoints;
import io.websock.test.junit.WebSockEndpoints;
import io.websock.test.junit.WebSockPath;
import io.websock.test.junit.WebSockTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

// README "Testing your handlers", "Against a real server (JUnit 5)": keep the two equal.
@WebSockTest                         // embedded Tomcat on 127.0.0.1 and a free port, for this class
class HelloHandlerTest {

    @WebSockEndpoints
    static void endpoints(Endpoints endpoints) {
        endpoints.add("/hello", new HelloHandler());
    }

    @Test
    void countsWhatItIsTold(@WebSockPath("/hello") WebSockTestClient client) {
        client.expectText("hello! type something, or bye");
        client.sendText("hi").expectText("1: hi");
        client.sendText("again").expectText("2: again");
        client.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void byeCloses(@WebSockPath("/hello") WebSockTestClient client) {
        client.expectText("hello! type something, or bye");
        client.sendText("bye").expectClose(1000, "");
    }

    @Test
    void refusesAForeignOrigin(@WebSockPath("/hello") URI hello) throws Exception {
        try (RawWebSocket raw = RawWebSocket.upgrade(hello, "Origin: https://evil.example")) {
            assertEquals(403, raw.status());
        }
    }
}
