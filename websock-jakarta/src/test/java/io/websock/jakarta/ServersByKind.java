package io.websock.jakarta;

import io.websock.Connection;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * One server of each kind shared by the many small cases of a test class (started on first use, stopped
 * by {@link #close()} in {@code @AfterAll}), so that a class running dozens of connections per server
 * stays fast. Cases keep apart by connecting with their own {@code t} query parameter ({@link #token()})
 * and finding their connection with {@link #connection}.
 */
final class ServersByKind implements AutoCloseable {

    private final TestServer.Deployment deployment;
    private final Map<TestServer.Kind, TestServer> servers = new EnumMap<>(TestServer.Kind.class);
    private static final java.util.concurrent.atomic.AtomicLong TOKENS = new java.util.concurrent.atomic.AtomicLong();

    ServersByKind(TestServer.Deployment deployment) {
        this.deployment = deployment;
    }

    synchronized TestServer get(TestServer.Kind kind) throws Exception {
        TestServer server = servers.get(kind);
        if (server == null) {
            server = TestServer.start(kind, deployment);
            servers.put(kind, server);
        }
        return server;
    }

    /** A value no other case uses, for the {@code t} query parameter. */
    static String token() {
        return "c" + TOKENS.incrementAndGet();
    }

    /** The connection {@code recorder} saw open with query parameter {@code t=token}. */
    static Connection connection(Recorder recorder, String token) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> recorder.opened.values().stream()
                .filter(c -> token.equals(c.handshake().queryParameter("t"))).findFirst(), Optional::isPresent).get();
    }

    @Override
    public synchronized void close() throws Exception {
        Exception failure = null;
        for (TestServer server : servers.values()) {
            try {
                server.stop();
            } catch (Exception e) {
                failure = e;
            }
        }
        servers.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
