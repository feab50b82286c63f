package io.websock.jakarta;

import io.websock.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Info messages run on the platform default executor when the options name none: virtual threads on
 * a JVM that has them (21+), a pool of daemon threads before that. The build runs this suite on JDK 17
 * and, where installed, on Temurin 25, so both paths are exercised.
 */
class DefaultExecutorTest {

    @Test
    void info_callbacks_run_on_virtual_threads_where_the_jvm_has_them() throws Exception {
        CompletableFuture<Thread> infoThread = new CompletableFuture<>();
        // The message comes from a timer, well after init's run on the container thread has ended: an
        // info message sent while that run is still going would be handled by it, inline (docs/decisions.md).
        Scripted handler = new Scripted()
                .init(c -> {
                    c.sendAfter("hello", java.time.Duration.ofMillis(200));
                    return Result.ok(0);
                })
                .info((m, s) -> {
                    infoThread.complete(Thread.currentThread());
                    return Result.ok(s);
                });
        try (TestServer server = TestServer.start(TestServer.Kind.TYRUS, (ws, c) -> c.addEndpoint(ws.endpoint("/e", handler)));
             WsClient client = WsClient.connect(server.uri("/e"))) {
            handler.recorder.onlyConnection();
            Thread thread = infoThread.get(10, TimeUnit.SECONDS);
            if (Runtime.version().feature() >= 21) {
                boolean virtual = (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
                assertThat(virtual).as("callback thread " + thread).isTrue();
            } else {
                assertThat(thread.isDaemon()).isTrue();
                assertThat(thread.getName()).startsWith("websock-");
            }
        }
    }
}
