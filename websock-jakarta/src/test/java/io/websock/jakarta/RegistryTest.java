package io.websock.jakarta;

import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Registry;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Issue 4: the registry of open connections — lookup, listing by path, broadcasts, and when entries come and go. */
class RegistryTest {

    private static final String ROOMS = "/rooms/{room}";
    private static final String LOBBY = "/lobby";

    /** A handler that answers every info message by pushing it as text, and records what the registry said. */
    static final class Listed extends Scripted {
        final AtomicReference<WebSockServer> server = new AtomicReference<>();
        final Map<String, Boolean> listedInInit = new ConcurrentHashMap<>();
        final Map<String, Boolean> listedInTerminate = new ConcurrentHashMap<>();

        Listed() {
            init(c -> {
                listedInInit.put(c.id(), server.get().registry().lookup(c.id()).filter(found -> found == c).isPresent());
                return Result.push(Frame.text("id:" + c.id()), 0);
            });
            info((m, s) -> Result.push(Frame.text(String.valueOf(m)), s));
        }

        @Override
        public void terminate(CloseReason reason, Slot state) {
            listedInTerminate.put(state.id(), server.get().registry().lookup(state.id()).isPresent());
            super.terminate(reason, state);
        }
    }

    private static TestServer start(TestServer.Kind kind, Listed rooms, Listed lobby) throws Exception {
        return TestServer.start(kind, (ws, c) -> {
            rooms.server.set(ws);
            lobby.server.set(ws);
            c.addEndpoint(ws.endpoint(ROOMS, rooms, WebSockOptions.DEFAULTS));
            c.addEndpoint(ws.endpoint(LOBBY, lobby, WebSockOptions.DEFAULTS));
        });
    }

    private static String idOf(WsClient client) {
        String first = client.nextText();
        assertThat(first).startsWith("id:");
        return first.substring(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("R1 lookup by id and by path template: listed from init until terminate has run, never after")
    void r1_lookupFromInitUntilTerminate(TestServer.Kind kind) throws Exception {
        Listed rooms = new Listed();
        Listed lobby = new Listed();
        try (TestServer server = start(kind, rooms, lobby);
             WsClient red = WsClient.connect(server.uri("/rooms/red"));
             WsClient blue = WsClient.connect(server.uri("/rooms/blue"));
             WsClient hall = WsClient.connect(server.uri(LOBBY))) {
            Registry registry = server.websock().registry();
            String redId = idOf(red);
            String blueId = idOf(blue);
            String hallId = idOf(hall);

            assertThat(registry.count()).isEqualTo(3);
            Connection redConn = registry.lookup(redId).orElseThrow();
            assertThat(redConn.path()).isEqualTo(ROOMS);
            assertThat(redConn.handshake().pathParameters()).containsEntry("room", "red");
            assertThat(registry.lookup(hallId).orElseThrow().path()).isEqualTo(LOBBY);
            assertThat(registry.connections(ROOMS)).extracting(Connection::id).containsExactlyInAnyOrder(redId, blueId);
            assertThat(registry.connections(LOBBY)).extracting(Connection::id).containsExactly(hallId);
            assertThat(registry.connections("/rooms/red")).as("a request path is not a template").isEmpty();
            assertThat(registry.lookup("no-such-id")).isEmpty();
            assertThat(rooms.listedInInit).containsEntry(redId, true).containsEntry(blueId, true);

            // The looked-up handle is the connection itself: send reaches handleInfo.
            assertThat(redConn.send("direct")).isTrue();
            assertThat(red.nextText()).isEqualTo("direct");

            red.sendClose(1000, "bye");
            assertThat(rooms.recorder.awaitTermination(redId)).isEqualTo(new CloseReason.Remote(1000, "bye"));
            // Listed while terminate ran; gone before the connection's end completes — never a stale entry.
            ((ConnectionProcess<?>) redConn).endedFuture().get();
            assertThat(rooms.listedInTerminate).containsEntry(redId, true);
            assertThat(registry.lookup(redId)).isEmpty();
            assertThat(registry.connections(ROOMS)).extracting(Connection::id).containsExactly(blueId);
            assertThat(registry.count()).isEqualTo(2);
            assertThat(redConn.send("late")).isFalse();

            // Lost TCP and a server-side stop end the entries too.
            Connection blueConn = registry.lookup(blueId).orElseThrow();
            blue.abort();
            hall.text("x"); // echo: keeps the lobby busy meanwhile
            assertThat(hall.nextText()).isEqualTo("x");
            rooms.recorder.awaitTermination(blueId);
            ((ConnectionProcess<?>) blueConn).endedFuture().get();
            assertThat(registry.lookup(blueId)).isEmpty();
            assertThat(registry.connections(ROOMS)).isEmpty();
            assertThat(registry.count()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("R2 broadcast to a path and by predicate reaches exactly the matching connections and counts them")
    void r2_broadcastByPathAndPredicate(TestServer.Kind kind) throws Exception {
        Listed rooms = new Listed();
        Listed lobby = new Listed();
        List<WsClient> clients = new ArrayList<>();
        try (TestServer server = start(kind, rooms, lobby)) {
            try {
                WsClient red1 = add(clients, WsClient.connect(server.uri("/rooms/red")));
                WsClient red2 = add(clients, WsClient.connect(server.uri("/rooms/red")));
                WsClient blue = add(clients, WsClient.connect(server.uri("/rooms/blue")));
                WsClient hall1 = add(clients, WsClient.connect(server.uri(LOBBY)));
                WsClient hall2 = add(clients, WsClient.connect(server.uri(LOBBY)));
                Map<WsClient, String> ids = new ConcurrentHashMap<>();
                for (WsClient c : clients) {
                    ids.put(c, idOf(c));
                }
                Registry registry = server.websock().registry();

                assertThat(registry.broadcast(ROOMS, "to rooms")).isEqualTo(3);
                for (WsClient c : List.of(red1, red2, blue)) {
                    assertThat(c.nextText()).isEqualTo("to rooms");
                }
                assertThat(registry.broadcast(c -> "red".equals(c.handshake().pathParameters().get("room")), "red only"))
                        .isEqualTo(2);
                assertThat(red1.nextText()).isEqualTo("red only");
                assertThat(red2.nextText()).isEqualTo("red only");
                assertThat(registry.broadcast(c -> c.path().equals(LOBBY), "lobby")).isEqualTo(2);
                assertThat(registry.broadcast(c -> true, "all")).isEqualTo(5);
                assertThat(registry.broadcast(c -> false, "none")).isZero();
                assertThat(registry.broadcast("/unknown", "nobody")).isZero();

                // What each client got next proves nobody received a broadcast not meant for it.
                assertThat(blue.nextText()).isEqualTo("all");
                assertThat(hall1.nextText()).isEqualTo("lobby");
                assertThat(hall1.nextText()).isEqualTo("all");
                assertThat(hall2.nextText()).isEqualTo("lobby");
                assertThat(hall2.nextText()).isEqualTo("all");
                assertThat(red1.nextText()).isEqualTo("all");
                assertThat(red2.nextText()).isEqualTo("all");

                // An ended connection is not counted.
                String red1Id = ids.get(red1);
                Connection red1Conn = registry.lookup(red1Id).orElseThrow();
                red1.sendClose(1000, "");
                ((ConnectionProcess<?>) red1Conn).endedFuture().get();
                assertThat(registry.broadcast(ROOMS, "after")).isEqualTo(2);
                assertThat(red2.nextText()).isEqualTo("after");
                assertThat(blue.nextText()).isEqualTo("after");
            } finally {
                clients.forEach(WsClient::close);
            }
            assertThat(rooms.recorder.overlaps).hasValue(0);
            assertThat(lobby.recorder.overlaps).hasValue(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("R3 a broadcast reaching a connection during init is handled after init, and bad input is refused")
    void r3_earlyBroadcastAndBadInput(TestServer.Kind kind) throws Exception {
        // A broadcast from init itself (the connection is already listed) queues behind init.
        AtomicReference<WebSockServer> ref = new AtomicReference<>();
        Scripted h = new Scripted()
                .init(c -> {
                    int reached = ref.get().registry().broadcast(c.path(), "hello from " + c.id());
                    return Result.push(Frame.text("init reached " + reached), 0);
                })
                .info((m, s) -> Result.push(Frame.text(String.valueOf(m)), s));
        try (TestServer server = TestServer.start(kind, (ws, c) -> {
            ref.set(ws);
            c.addEndpoint(ws.endpoint("/early", h, WebSockOptions.DEFAULTS));
        }); WsClient client = WsClient.connect(server.uri("/early"))) {
            assertThat(client.nextText()).isEqualTo("init reached 1");
            assertThat(client.nextText()).startsWith("hello from ");

            Registry registry = server.websock().registry();
            assertThatThrownBy(() -> registry.lookup(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> registry.connections(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> registry.broadcast((String) null, "m")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> registry.broadcast("/early", null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("message");
            assertThatThrownBy(() -> registry.broadcast(c -> true, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> registry.broadcast((java.util.function.Predicate<Connection>) null, "m"))
                    .isInstanceOf(NullPointerException.class);
            // A throwing filter propagates; nothing was sent to a connection it threw on.
            assertThatThrownBy(() -> registry.broadcast(c -> { throw new IllegalStateException("filter"); }, "m"))
                    .isInstanceOf(IllegalStateException.class);
            client.text("echo");
            assertThat(client.nextText()).isEqualTo("echo");
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(client.received::isEmpty);
        }
    }

    private static WsClient add(List<WsClient> clients, WsClient c) {
        clients.add(c);
        return c;
    }
}
