package com.example;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSock;
import io.websock.test.InJvmConnection;
import io.websock.test.InJvmServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

class EchoHandlerTest {

    /** The handler under test: greets, numbers the echoes, stops on "bye". */
    static class EchoHandler implements WebSock<Integer> {
        public Result<Integer> init(Connection conn) {
            return Result.push(Frame.text("hello " + conn.handshake().pathParameter("name")), 0);
        }

        public Result<Integer> handleIn(Frame.Data frame, Integer n) {
            String text = ((Frame.Text) frame).text();
            return text.equals("bye")
                    ? Result.stop(StopReason.NORMAL, CloseDetail.of(4000, "see you"), n)
                    : Result.push(Frame.text((n + 1) + ": " + text), n + 1);
        }

        public Result<Integer> handleInfo(Object message, Integer n) {
            return Result.ok(n);
        }
    }

    private final InJvmServer server = InJvmServer.start(); // defaults: 60 s idle timeout, auto-ping every 25 s

    private InJvmConnection connect() {
        return server.upgrade("/echo/{name}").pathParameter("name", "ann").connect(new EchoHandler());
    }

    @Test
    void echoesThenStops() {
        InJvmConnection ws = connect().expectText("hello ann");
        ws.sendText("hi").expectText("1: hi");
        ws.sendText("bye").expectClose(4000, "see you").expectTerminated(CloseReason.NORMAL);
    }

    @Test
    void silentClientIsPingedThenClosed() {
        InJvmConnection ws = connect().expectText("hello ann");
        server.advance(Duration.ofSeconds(60)); // virtual time: returns at once
        ws.expectPing().expectPing().expectClose(1000, "idle timeout").expectTerminated(CloseReason.TIMEOUT);
    }
}
