package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §2.5 on Tomcat, with issue 13's idle footprint: Tomcat's blocking writes (pings, pongs, the close, its
 * answer to a peer's close) are bounded by {@code sendTimeout} through the session property
 * {@code BLOCKING_SEND_TIMEOUT}, which the bridge sets before the first write that could wait on the peer instead
 * of at open (an entry in Tomcat's user-property map keeps its table for the session's life). An auto-ping alone
 * sets it only when {@code sendTimeout} is over Tomcat's own 20 s: below, the writer's watchdog ends a stuck ping
 * first. The property is checked directly: S18's stalled-peer bound holds on Tomcat 10.1.59 even without it (there
 * Tomcat drops the TCP connection at once when the close follows a stuck send; checked by removing the property).
 */
class TomcatBlockingSendTimeoutTest {

    static final String KEY = SessionTransport.TOMCAT_BLOCKING_SEND_TIMEOUT;
    static final Map<String, Connection> CONNECTIONS = new ConcurrentHashMap<>();
    static final Scripted HANDLER = new Scripted()
            .init(c -> {
                CONNECTIONS.put(c.handshake().requestUri().getPath(), c);
                return Result.ok(0);
            })
            .in((frame, s) -> Result.push(frame, s))
            .info((message, s) -> Result.stop(io.websock.StopReason.NORMAL, s));
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(TestServer.Kind.TOMCAT, (ws, c) -> {
            c.addEndpoint(ws.endpoint("/echo", HANDLER, WebSockOptions.builder().sendTimeout(Duration.ofSeconds(7)).build()));
            c.addEndpoint(ws.endpoint("/pinged", HANDLER, WebSockOptions.builder().sendTimeout(Duration.ofSeconds(7))
                    .pingInterval(Duration.ofMillis(200)).build()));
            c.addEndpoint(ws.endpoint("/pinged-long", HANDLER, WebSockOptions.builder().sendTimeout(Duration.ofSeconds(25))
                    .pingInterval(Duration.ofMillis(200)).build()));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Map<String, Object> userProperties(String path) {
        await().atMost(WsClient.WAIT).until(() -> CONNECTIONS.containsKey(path));
        Transport transport = ((ConnectionProcess<?>) CONNECTIONS.get(path)).transport();
        return ((SessionTransport) transport).session().getUserProperties();
    }

    @Test
    @DisplayName("S18 Tomcat: an idle connection keeps no blocking-send property; the first push and the close set it to sendTimeout")
    void set_before_the_first_write() {
        WsClient client = WsClient.connect(server.uri("/echo"));
        try {
            Map<String, Object> props = userProperties("/echo");
            assertThat(props).as("idle, nothing written").doesNotContainKey(KEY);
            assertThat(client.text("hello").nextText()).isEqualTo("hello");
            assertThat(props).containsEntry(KEY, 7_000L);
            CONNECTIONS.get("/echo").send("stop");
            assertThat(client.nextClose().code()).isEqualTo(1000);
            assertThat(props).containsEntry(KEY, 7_000L);
        } finally {
            client.abort();
        }
    }

    @Test
    @DisplayName("S18 Tomcat: auto-pings alone leave the property unset while sendTimeout is under Tomcat's 20 s, and set it above")
    void auto_pings_set_it_only_over_tomcats_default() throws Exception {
        WsClient client = WsClient.connect(server.uri("/pinged"));
        WsClient longer = WsClient.connect(server.uri("/pinged-long"));
        try {
            Map<String, Object> props = userProperties("/pinged");
            Map<String, Object> longerProps = userProperties("/pinged-long");
            assertThat(client.next()).isInstanceOf(WsClient.Ping.class);
            assertThat(client.next()).as("a second ping: the first one's write has completed").isInstanceOf(WsClient.Ping.class);
            assertThat(props).doesNotContainKey(KEY);
            assertThat(longer.next()).isInstanceOf(WsClient.Ping.class);
            assertThat(longerProps).containsEntry(KEY, 25_000L);
        } finally {
            client.abort();
            longer.abort();
        }
    }
}
