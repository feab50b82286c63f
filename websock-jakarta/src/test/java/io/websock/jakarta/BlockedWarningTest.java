package io.websock.jakarta;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSockOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §2.4 {@code blockedWarning}: a callback that runs longer than the threshold logs ONE warning naming
 * the connection id, the path, the callback and the running thread's stack — one per episode, not one per
 * sweep — including {@code handleIn} run inline on the container's read thread; 0 disables it.
 */
class BlockedWarningTest {

    static final Duration THRESHOLD = Duration.ofMillis(300);
    /** Several sweeps (every 500 ms) past the first warning: a repeated warning would show within this. */
    static final Duration SEVERAL_SWEEPS = Duration.ofMillis(1600);

    private static BridgeLog logged;

    @BeforeAll
    static void capture() {
        logged = BridgeLog.capture();
    }

    @AfterAll
    static void release() {
        logged.close();
    }

    /** The blocked-callback warnings logged for connection {@code id}. */
    static List<LogRecord> warnings(String id) {
        return logged.records.stream().filter(r -> r.getLevel() == Level.WARNING && r.getMessage() != null
                && r.getMessage().startsWith("websock " + id + ": ") && r.getThrown() instanceof BlockedCallbacks.RunningStack)
                .toList();
    }

    /** Blocks a callback until the test opens the current gate (or 10 s pass). */
    static final class Gate {
        final AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));

        void close() {
            latch.set(new CountDownLatch(1));
        }

        void open() {
            latch.get().countDown();
        }

        Result<Object> pass(Object state) {
            try {
                latch.get().await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Result.ok(state);
        }
    }

    static Scripted blocking(Gate gate) {
        return new Scripted()
                .info((m, s) -> "block".equals(m) ? gate.pass(s) : Result.ok(s))
                .in((f, s) -> f.equals(Frame.text("block")) ? gate.pass(s) : Result.push(f, s));
    }

    static final WebSockOptions WARN = WebSockOptions.builder().blockedWarning(THRESHOLD)
            .timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("§2.4 a handleInfo blocked past blockedWarning logs one WARNING with id, path, callback and stack; a new episode logs again")
    void blockedHandleInfoWarnsOncePerEpisode(TestServer.Kind kind) throws Exception {
        Gate gate = new Gate();
        Scripted handler = blocking(gate);
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/slow/{room}", handler, WARN)));
             WsClient client = WsClient.connect(server.uri("/slow/lobby"))) {
            String id = handler.recorder.onlyConnection();
            Connection conn = handler.recorder.opened.get(id);
            try {
                gate.close();
                conn.send("block");
                await().atMost(Duration.ofSeconds(5)).until(() -> warnings(id).size() == 1);
                await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(2)).until(() -> warnings(id).size() == 1);

                LogRecord warning = warnings(id).get(0);
                assertThat(warning.getMessage()).contains("websock " + id + ": handleInfo on /slow/{room} has been running for ",
                        "(blockedWarning 300 ms)", "on thread \"");
                StackTraceElement[] stack = warning.getThrown().getStackTrace();
                assertThat(Arrays.stream(stack).map(f -> f.getClassName() + "." + f.getMethodName()))
                        .as("the blocked thread's stack, where it waits")
                        .anyMatch(f -> f.startsWith("java.util.concurrent.CountDownLatch.await"))
                        .anyMatch(f -> f.startsWith(Gate.class.getName() + ".pass"))
                        .anyMatch(f -> f.startsWith(ConnectionProcess.class.getName() + ".callHandleInfo"));
                gate.open();

                // Quick callbacks warn nothing; the next long one is a new episode and warns again.
                conn.send("quick");
                await().atMost(Duration.ofSeconds(5)).until(() -> handler.recorder.events.get(id).contains("info:quick"));
                gate.close();
                conn.send("block");
                await().atMost(Duration.ofSeconds(5)).until(() -> warnings(id).size() == 2);
                await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(2)).until(() -> warnings(id).size() == 2);
                assertThat(warnings(id).get(1).getMessage()).contains("handleInfo");
            } finally {
                gate.open();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("§2.4 a handleIn blocked inline on the container's read thread logs one WARNING naming that thread")
    void blockedHandleInOnTheReadThreadWarnsOnce(TestServer.Kind kind) throws Exception {
        Gate gate = new Gate();
        Scripted handler = blocking(gate);
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/in", handler, WARN)));
             WsClient client = WsClient.connect(server.uri("/in"))) {
            String id = handler.recorder.onlyConnection();
            try {
                gate.close();
                client.text("block");
                await().atMost(Duration.ofSeconds(5)).until(() -> warnings(id).size() == 1);
                await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(2)).until(() -> warnings(id).size() == 1);

                LogRecord warning = warnings(id).get(0);
                assertThat(warning.getMessage()).contains("websock " + id + ": handleIn on /in has been running for ");
                assertThat(warning.getMessage()).as("runs on a container thread, not the bridge's executor")
                        .doesNotContain("on thread \"websock-");
                assertThat(Arrays.stream(warning.getThrown().getStackTrace()).map(f -> f.getClassName() + "." + f.getMethodName()))
                        .as("the container's read path is below the callback")
                        .anyMatch(f -> f.startsWith("org.apache.tomcat.websocket") || f.startsWith("org.glassfish.tyrus"))
                        .anyMatch(f -> f.startsWith(ConnectionProcess.class.getName() + ".inbound"))
                        .anyMatch(f -> f.startsWith(ConnectionProcess.class.getName() + ".callHandleIn"));
            } finally {
                gate.open();
            }
            client.text("echo");
            assertThat(client.nextText()).isEqualTo("echo");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestServer.Kind.class)
    @DisplayName("§2.4 blockedWarning 0 logs nothing, however long a callback runs")
    void zeroDisables(TestServer.Kind kind) throws Exception {
        Gate gate = new Gate();
        Scripted handler = blocking(gate);
        WebSockOptions off = WARN.toBuilder().blockedWarning(Duration.ZERO).build();
        try (TestServer server = TestServer.start(kind, (ws, c) -> c.addEndpoint(ws.endpoint("/off", handler, off)));
             WsClient client = WsClient.connect(server.uri("/off"))) {
            String id = handler.recorder.onlyConnection();
            try {
                gate.close();
                handler.recorder.opened.get(id).send("block");
                await().atMost(Duration.ofSeconds(5)).until(() -> handler.recorder.events.get(id).contains("info:block"));
                await().during(SEVERAL_SWEEPS).atMost(SEVERAL_SWEEPS.plusSeconds(2)).until(() -> warnings(id).isEmpty());
            } finally {
                gate.open();
            }
        }
    }
}
