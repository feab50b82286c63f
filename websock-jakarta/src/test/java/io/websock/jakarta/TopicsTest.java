package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Handshake;
import io.websock.Result;
import io.websock.Topics;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Issue 4: topics — subscribe, unsubscribe, publish to handleInfo, cleanup with the connection, order per publisher. */
class TopicsTest {

    /**
     * Subscribes in init to the topics of the query ({@code ?t=a,b}); text "sub:x" / "unsub:x" (un)subscribes
     * and answers with the boolean result; every info message is pushed back, a Frame as it is.
     */
    static Scripted chat(AtomicReference<WebSockServer> server) {
        AtomicReference<Connection> none = new AtomicReference<>();
        return new Scripted()
                .init(c -> {
                    Topics topics = server.get().topics();
                    for (String t : topicsOf(c.handshake())) {
                        topics.subscribe(c, t);
                    }
                    return Result.push(Frame.text("id:" + c.id()), c);
                })
                .in((f, s) -> {
                    Connection c = (Connection) s;
                    String cmd = ((Frame.Text) f).text();
                    Topics topics = server.get().topics();
                    boolean done = cmd.startsWith("sub:")
                            ? topics.subscribe(c, cmd.substring(4))
                            : topics.unsubscribe(c, cmd.substring(6));
                    return Result.push(Frame.text(cmd + "=" + done), s);
                })
                .info((m, s) -> Result.push(m instanceof Frame f ? f : Frame.text(String.valueOf(m)), s));
    }

    static List<String> topicsOf(Handshake h) {
        List<String> ts = h.queryParameters().getOrDefault("t", List.of());
        return ts.isEmpty() || ts.get(0).isEmpty() ? List.of() : Arrays.asList(ts.get(0).split(","));
    }

    private static String idOf(WsClient client) {
        String first = client.nextText();
        assertThat(first).startsWith("id:");
        return first.substring(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("R4 subscribe, publish, unsubscribe: each subscriber gets each publish once, counted; nothing after unsubscribe")
    void r4_subscribePublishUnsubscribe(TestServer.Kind kind) throws Exception {
        AtomicReference<WebSockServer> ref = new AtomicReference<>();
        Scripted h = chat(ref);
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            ref.set(ws);
            c.addEndpoint(ws.endpoint("/chat", h, WebSockOptions.DEFAULTS));
        });
             WsClient ab = WsClient.connect(server.uri("/chat?t=a,b"));
             WsClient a = WsClient.connect(server.uri("/chat?t=a"));
             WsClient none = WsClient.connect(server.uri("/chat"))) {
            idOf(ab);
            idOf(a);
            idOf(none);
            Topics topics = server.websock().topics();
            assertThat(topics.subscribers("a")).isEqualTo(2);
            assertThat(topics.subscribers("b")).isEqualTo(1);

            assertThat(topics.publish("a", "a1")).isEqualTo(2);
            assertThat(topics.publish("b", Frame.text("b1"))).isEqualTo(1);
            assertThat(topics.publish("nobody", "x")).isZero();
            assertThat(ab.nextText()).isEqualTo("a1");
            assertThat(ab.nextText()).isEqualTo("b1");
            assertThat(a.nextText()).isEqualTo("a1");

            // Subscribing twice is subscribing once.
            none.text("sub:a");
            assertThat(none.nextText()).isEqualTo("sub:a=true");
            none.text("sub:a");
            assertThat(none.nextText()).isEqualTo("sub:a=true");
            assertThat(topics.subscribers("a")).isEqualTo(3);
            assertThat(topics.publish("a", "a2")).isEqualTo(3);
            assertThat(none.nextText()).isEqualTo("a2");

            ab.text("unsub:a");
            assertThat(ab.nextText()).isEqualTo("a2");
            assertThat(ab.nextText()).isEqualTo("unsub:a=true");
            ab.text("unsub:a");
            assertThat(ab.nextText()).isEqualTo("unsub:a=false");
            assertThat(topics.publish("a", "a3")).isEqualTo(2);
            assertThat(topics.publish("b", "b2")).isEqualTo(1);
            // ab is still on b and gets b2 next, not a3.
            assertThat(ab.nextText()).isEqualTo("b2");
            assertThat(a.nextText()).isEqualTo("a2");
            assertThat(a.nextText()).isEqualTo("a3");
            assertThat(none.nextText()).isEqualTo("a3");
            assertThat(h.recorder.overlaps).hasValue(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("R5 subscriptions end with the connection on every path: close, lost TCP, stop, shutdown")
    void r5_subscriptionsEndWithConnection(TestServer.Kind kind) throws Exception {
        AtomicReference<WebSockServer> ref = new AtomicReference<>();
        Scripted h = chat(ref);
        // "stop" as an info message ends the connection from the server side.
        var info = h.onInfo;
        h.info((m, s) -> "stop".equals(m) ? Result.stop(io.websock.StopReason.NORMAL, s) : info.apply(m, s));
        TestServer server = TestServer.start(kind, (ws, c) -> {
            ref.set(ws);
            c.addEndpoint(ws.endpoint("/chat", h, WebSockOptions.DEFAULTS));
        });
        try (WsClient closing = WsClient.connect(server.uri("/chat?t=x,y"));
             WsClient dropping = WsClient.connect(server.uri("/chat?t=x"));
             WsClient stopped = WsClient.connect(server.uri("/chat?t=x,z"));
             WsClient staying = WsClient.connect(server.uri("/chat?t=x,y"))) {
            LocalTopics topics = (LocalTopics) server.websock().topics();
            String closingId = idOf(closing);
            String droppingId = idOf(dropping);
            String stoppedId = idOf(stopped);
            idOf(staying);
            assertThat(topics.subscribers("x")).isEqualTo(4);
            assertThat(topics.subscribedConnectionCount()).isEqualTo(4);

            closing.sendClose(1000, "");
            dropping.abort();
            assertThat(topics.publish("z", "stop")).isEqualTo(1);
            for (String id : List.of(closingId, droppingId, stoppedId)) {
                h.recorder.awaitTermination(id);
                ((ConnectionProcess<?>) h.recorder.opened.get(id)).endedFuture().get();
            }
            assertThat(topics.subscribers("x")).isEqualTo(1);
            assertThat(topics.subscribers("y")).isEqualTo(1);
            assertThat(topics.subscribers("z")).isZero();
            assertThat(topics.topicCount()).isEqualTo(2);
            assertThat(topics.subscribedConnectionCount()).isEqualTo(1);
            assertThat(topics.publish("x", "left")).isEqualTo(1);
            assertThat(staying.nextText()).isEqualTo("left");

            // An ended connection cannot subscribe again.
            Connection gone = h.recorder.opened.get(closingId);
            assertThat(topics.subscribe(gone, "x")).isFalse();
            assertThat(topics.subscribers("x")).isEqualTo(1);
        } finally {
            server.stop(); // shutdown: the last subscriber ends too
        }
        LocalTopics topics = (LocalTopics) ref.get().topics();
        assertThat(topics.topicCount()).isZero();
        assertThat(topics.subscribedConnectionCount()).isZero();
        assertThat(ref.get().registry().count()).isZero();
        assertThat(h.recorder.terminations).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("R6 order per publisher: 4 threads publishing 1000 messages each reach every subscriber in each thread's order")
    void r6_orderPerPublisher(TestServer.Kind kind) throws Exception {
        AtomicReference<WebSockServer> ref = new AtomicReference<>();
        Scripted h = chat(ref);
        int publishers = 4;
        int each = 1000;
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            ref.set(ws);
            c.addEndpoint(ws.endpoint("/chat", h, WebSockOptions.DEFAULTS));
        })) {
            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    WsClient c = WsClient.connect(server.uri("/chat?t=news"));
                    clients.add(c);
                    idOf(c);
                }
                Topics topics = server.websock().topics();
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                int[] reached = new int[publishers];
                for (int p = 0; p < publishers; p++) {
                    int pub = p;
                    threads.add(new Thread(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int seq = 0; seq < each; seq++) {
                            reached[pub] += topics.publish("news", Frame.text(pub + ":" + seq));
                        }
                    }, "publisher-" + p));
                }
                threads.forEach(Thread::start);
                go.countDown();
                for (Thread t : threads) {
                    t.join(30_000);
                }
                for (int p = 0; p < publishers; p++) {
                    assertThat(reached[p]).as("publisher %d reached", p).isEqualTo(3 * each);
                }
                for (WsClient c : clients) {
                    int[] next = new int[publishers];
                    for (int n = 0; n < publishers * each; n++) {
                        String[] parts = c.nextText().split(":");
                        int pub = Integer.parseInt(parts[0]);
                        assertThat(Integer.parseInt(parts[1])).as("message from publisher %d", pub).isEqualTo(next[pub]);
                        next[pub]++;
                    }
                    assertThat(next).containsOnly(each);
                }
            } finally {
                clients.forEach(WsClient::close);
            }
            assertThat(h.recorder.overlaps).hasValue(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("R7 bad input: null topic or message is refused, an unknown topic reaches 0, a foreign connection is refused")
    void r7_badInput(TestServer.Kind kind) throws Exception {
        AtomicReference<WebSockServer> ref = new AtomicReference<>();
        Scripted h = chat(ref);
        WebSockServer other = WebSockServer.create();
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            ref.set(ws);
            c.addEndpoint(ws.endpoint("/chat", h, WebSockOptions.DEFAULTS));
        }); WsClient client = WsClient.connect(server.uri("/chat?t=a"))) {
            String id = idOf(client);
            Topics topics = server.websock().topics();
            Connection conn = server.websock().registry().lookup(id).orElseThrow();
            assertThatThrownBy(() -> topics.publish(null, "m"))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("topic");
            assertThatThrownBy(() -> topics.publish("a", null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("message");
            assertThatThrownBy(() -> topics.subscribe(conn, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> topics.subscribe(null, "a")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> topics.unsubscribe(conn, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> topics.subscribers(null)).isInstanceOf(NullPointerException.class);
            assertThat(topics.publish("nobody-listens", "m")).isZero();
            assertThat(topics.subscribers("nobody-listens")).isZero();

            Connection fake = new Connection() {
                public String id() { return id; }
                public boolean send(Object message) { return false; }
                public io.websock.Cancellable sendAfter(Object message, Duration delay) { return () -> false; }
                public boolean isOpen() { return true; }
                public Handshake handshake() { return conn.handshake(); }
                public String path() { return "/chat"; }
            };
            assertThatThrownBy(() -> topics.subscribe(fake, "a"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a connection of this server");
            assertThat(topics.unsubscribe(fake, "a")).isFalse();
            assertThatThrownBy(() -> other.topics().subscribe(conn, "a"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a connection of this server");
            assertThat(topics.subscribers("a")).isEqualTo(1);

            // Nothing above disturbed the connection.
            assertThat(topics.publish("a", "still here")).isEqualTo(1);
            assertThat(client.nextText()).isEqualTo("still here");
        } finally {
            other.shutdown();
        }
        assertThat(h.recorder.terminations.values()).allSatisfy(r -> assertThat(r).hasSize(1));
    }
}
