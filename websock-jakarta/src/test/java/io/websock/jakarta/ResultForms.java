package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;
import io.websock.WebSock;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every result form a callback can return, with what the client must see and what {@code terminate}
 * must get, plus a handler that returns the form chosen by its path ({@code /{callback}/{form}})
 * from the chosen callback: init, in (on the text "go"), info (on the message "go") or control (on a
 * pong carrying "go"). Every other input is echoed, so a test can prove the connection is still up.
 */
final class ResultForms {

    /** One result form: what to return, what the client sees, and (for stops) what terminate gets. */
    record Form(String name, Function<Object, Result<Object>> result, List<WsClient.Received> seen,
                CloseReason terminate) {
        boolean stops() {
            return terminate != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Form> ALL = List.of(
            new Form("ok", Result::ok, List.of(), null),
            new Form("push-text", s -> Result.push(Frame.text("t"), s), List.of(new WsClient.Text("t")), null),
            new Form("push-binary", s -> Result.push(Frame.binary(new byte[]{1, 2}), s),
                    List.of(new WsClient.Binary(new byte[]{1, 2})), null),
            new Form("push-ping", s -> Result.push(Frame.ping(new byte[]{9}), s), List.of(new WsClient.Ping(new byte[]{9})), null),
            new Form("push-pong", s -> Result.push(Frame.pong(new byte[]{8}), s), List.of(new WsClient.Pong(new byte[]{8})), null),
            new Form("push-list", s -> Result.push(List.of(Frame.text("a"), Frame.binary(new byte[]{2}), Frame.text("c")), s),
                    List.of(new WsClient.Text("a"), new WsClient.Binary(new byte[]{2}), new WsClient.Text("c")), null),
            new Form("reply", s -> Result.reply("ok", List.of(Frame.text("r1"), Frame.text("r2")), s),
                    List.of(new WsClient.Text("r1"), new WsClient.Text("r2")), null),
            new Form("stop-normal", s -> Result.stop(StopReason.NORMAL, s), List.of(new WsClient.Close(1000, "")), CloseReason.NORMAL),
            new Form("stop-disconnected", s -> Result.stop(StopReason.DISCONNECTED, s), List.of(new WsClient.Close(1000, "")),
                    CloseReason.NORMAL),
            new Form("stop-restart", s -> Result.stop(StopReason.RESTART, s), List.of(new WsClient.Close(1012, "")), CloseReason.NORMAL),
            new Form("stop-error", s -> Result.stop("boom", s), List.of(new WsClient.Close(1011, "")), new CloseReason.Error("boom")),
            new Form("stop-4001-text", s -> Result.stop(StopReason.NORMAL, CloseDetail.of(4001, "why"), s),
                    List.of(new WsClient.Close(4001, "why")), CloseReason.NORMAL),
            new Form("stop-4002", s -> Result.stop(StopReason.NORMAL, CloseDetail.of(4002), s),
                    List.of(new WsClient.Close(4002, "")), CloseReason.NORMAL),
            new Form("stop-4003-error", s -> Result.stop("err", CloseDetail.of(4003, "bad"), s),
                    List.of(new WsClient.Close(4003, "bad")), new CloseReason.Error("err")),
            new Form("stop-frames-then-close", s -> Result.stop(StopReason.NORMAL, CloseDetail.of(4004, "then"),
                    List.of(Frame.text("f1"), Frame.binary(new byte[]{7})), s),
                    List.of(new WsClient.Text("f1"), new WsClient.Binary(new byte[]{7}), new WsClient.Close(4004, "then")),
                    CloseReason.NORMAL));

    static Form named(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** Compares what a client received with what a form promises (arrays by content). */
    static void assertSeen(WsClient.Received actual, WsClient.Received expected) {
        if (expected instanceof WsClient.Binary b) {
            assertThat(actual).isInstanceOf(WsClient.Binary.class);
            assertThat(((WsClient.Binary) actual).data()).isEqualTo(b.data());
        } else if (expected instanceof WsClient.Ping p) {
            assertThat(actual).isInstanceOf(WsClient.Ping.class);
            assertThat(((WsClient.Ping) actual).data()).isEqualTo(p.data());
        } else if (expected instanceof WsClient.Pong p) {
            assertThat(actual).isInstanceOf(WsClient.Pong.class);
            assertThat(((WsClient.Pong) actual).data()).isEqualTo(p.data());
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    /** The handler; state is {@code St}, the form's own state is an Integer it threads through. */
    static final class FormHandler implements WebSock<FormHandler.St> {
        record St(String id, String callback, Form form, Object user) {
            St with(Object user) {
                return new St(id, callback, form, user);
            }
        }

        final Recorder recorder = new Recorder();
        final Map<String, Connection> byPath = new ConcurrentHashMap<>();

        @Override
        public Result<St> init(Connection c) {
            recorder.opened(c);
            String callback = c.handshake().pathParameter("callback");
            Form form = named(c.handshake().pathParameter("form"));
            byPath.put(callback + "/" + form.name(), c);
            St st = new St(c.id(), callback, form, 0);
            return callback.equals("init") ? wrap(st, form.result().apply(0)) : Result.ok(st);
        }

        @Override
        public Result<St> handleIn(Frame.Data frame, St st) {
            recorder.enter(st.id(), "in");
            try {
                if (st.callback().equals("in") && frame.equals(Frame.text("go"))) {
                    return wrap(st, st.form().result().apply(st.user()));
                }
                return Result.push(frame, st);
            } finally {
                recorder.exit(st.id());
            }
        }

        @Override
        public Result<St> handleInfo(Object message, St st) {
            recorder.enter(st.id(), "info");
            try {
                if (st.callback().equals("info") && message.equals("go")) {
                    return wrap(st, st.form().result().apply(st.user()));
                }
                return Result.push(Frame.text("info:" + message), st);
            } finally {
                recorder.exit(st.id());
            }
        }

        @Override
        public Result<St> handleControl(Frame.Control frame, St st) {
            recorder.enter(st.id(), "control:" + frame.getClass().getSimpleName() + ":" + new String(bytes(frame)));
            try {
                if (st.callback().equals("control") && frame instanceof Frame.Pong && new String(bytes(frame)).equals("go")) {
                    return wrap(st, st.form().result().apply(st.user()));
                }
                return Result.ok(st);
            } finally {
                recorder.exit(st.id());
            }
        }

        @Override
        public void terminate(CloseReason reason, St st) {
            recorder.terminated(st.id(), reason);
        }

        private static byte[] bytes(Frame.Control frame) {
            var b = frame.payload();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }

        private static Result<St> wrap(St st, Result<Object> r) {
            St next = st.with(r.state());
            if (r instanceof Result.Push<Object> p) {
                return Result.push(p.frames(), next);
            }
            if (r instanceof Result.Stop<Object> s) {
                return new Result.Stop<>(s.reason(), s.closeDetail(), s.frames(), next);
            }
            return Result.ok(next);
        }
    }
}
