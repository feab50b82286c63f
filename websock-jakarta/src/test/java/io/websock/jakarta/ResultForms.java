package io.websock.jakarta;

import io.websock.CloseDetail;
import io.websock.CloseReason;
import io.websock.Frame;
import io.websock.Result;
import io.websock.StopReason;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result forms of SPEC §1 as scenarios S4 and S5 exercise them (whichever callback returns them):
 * each form with what the client must receive, in order, and what {@code terminate} must get.
 * What the client receives is compared as short strings ({@link #describe}), so byte payloads compare by value.
 */
public final class ResultForms {

    /**
     * One result form.
     *
     * @param key         URL-safe name, used to pick the form in a query parameter
     * @param name        what the test report shows
     * @param result      builds the result from the current state (which it keeps)
     * @param received    what the client must receive, in order, ending with the close frame for a stop
     * @param termination what {@code terminate} must get, or {@code null} when the connection goes on
     */
    record Form(String key, String name, Function<Object, Result<Object>> result, List<String> received,
                CloseReason termination) {

        boolean stops() {
            return termination != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The longest reason a close frame can carry, in two-byte characters: 61 × "é" + "!" = 123 bytes. */
    private static final String LONGEST_REASON = "é".repeat(61) + "!";

    private static final List<Form> ALL = List.of(
            form("ok", "ok", s -> Result.ok(s), List.of(), null),
            form("text", "push(text)", s -> Result.push(Frame.text("t1"), s), List.of("text:t1"), null),
            form("binary", "push(binary)", s -> Result.push(Frame.binary(new byte[]{1, 2, 3}), s),
                    List.of("binary:010203"), null),
            form("ping", "push(ping)", s -> Result.push(Frame.ping(new byte[]{7}), s), List.of("ping:07"), null),
            form("pong", "push(pong)", s -> Result.push(Frame.pong(new byte[]{8}), s), List.of("pong:08"), null),
            form("empty-control", "push([ping(), pong()]) with empty payloads", s -> Result.push(List.of(
                    Frame.ping(), Frame.pong()), s), List.of("ping:", "pong:"), null),
            form("list", "push([text, binary, ping, pong, text]) keeps order", s -> Result.push(List.of(
                            Frame.text("a"), Frame.binary(new byte[]{4}), Frame.ping(new byte[]{5}),
                            Frame.pong(new byte[]{6}), Frame.text("b")), s),
                    List.of("text:a", "binary:04", "ping:05", "pong:06", "text:b"), null),
            form("reply", "reply(term, [text, text])", s -> Result.reply("term", List.of(Frame.text("r1"),
                    Frame.text("r2")), s), List.of("text:r1", "text:r2"), null),
            form("normal", "stop(NORMAL) → 1000", s -> Result.stop(StopReason.NORMAL, s),
                    List.of("close:1000:"), CloseReason.NORMAL),
            form("disconnected", "stop(DISCONNECTED) → 1000", s -> Result.stop(StopReason.DISCONNECTED, s),
                    List.of("close:1000:"), CloseReason.NORMAL),
            form("restart", "stop(RESTART) → 1012", s -> Result.stop(StopReason.RESTART, s),
                    List.of("close:1012:"), CloseReason.NORMAL),
            form("other", "stop(other) → 1011", s -> Result.stop("gave up", s),
                    List.of("close:1011:"), new CloseReason.Error("gave up")),
            form("code-text", "stop(NORMAL, 4000 with text) → 4000", s -> Result.stop(StopReason.NORMAL,
                    CloseDetail.of(4000, "see you"), s), List.of("close:4000:see you"), CloseReason.NORMAL),
            form("code-only", "stop(NORMAL, 4001 without text) → 4001", s -> Result.stop(StopReason.NORMAL,
                    CloseDetail.of(4001), s), List.of("close:4001:"), CloseReason.NORMAL),
            form("code-long-text", "stop(NORMAL, 4006 with a 123-byte UTF-8 reason) → 4006", s -> Result.stop(
                    StopReason.NORMAL, CloseDetail.of(4006, LONGEST_REASON), s), List.of("close:4006:" + LONGEST_REASON),
                    CloseReason.NORMAL),
            form("code-error", "stop(other, 4002) → 4002", s -> Result.stop("bad input",
                    CloseDetail.of(4002, "bad input"), s), List.of("close:4002:bad input"), new CloseReason.Error("bad input")),
            form("code-restart", "stop(RESTART, 4003) → 4003 (explicit code wins)", s -> Result.stop(StopReason.RESTART,
                    CloseDetail.of(4003), s), List.of("close:4003:"), CloseReason.NORMAL),
            form("frames-close", "stop(NORMAL, 4004, [text, binary, ping]) → frames then 4004", s -> Result.stop(
                            StopReason.NORMAL, CloseDetail.of(4004, "after frames"),
                            List.of(Frame.text("last"), Frame.binary(new byte[]{9}), Frame.ping(new byte[]{10})), s),
                    List.of("text:last", "binary:09", "ping:0a", "close:4004:after frames"), CloseReason.NORMAL),
            form("frames-error", "stop(other, 4005, [text]) → text then 4005", s -> Result.stop("failed late",
                            CloseDetail.of(4005), List.of(Frame.text("sorry")), s),
                    List.of("text:sorry", "close:4005:"), new CloseReason.Error("failed late")));

    private static final Map<String, Form> BY_KEY = ALL.stream().collect(Collectors.toMap(Form::key, f -> f));

    private ResultForms() {
    }

    static Stream<Form> all() {
        return ALL.stream();
    }

    /** The form named by the connection's {@code form} query parameter. */
    static Form byKey(String key) {
        Form form = BY_KEY.get(key);
        if (form == null) {
            throw new IllegalArgumentException("no result form " + key);
        }
        return form;
    }

    private static Form form(String key, String name, Function<Object, Result<Object>> result, List<String> received,
                             CloseReason termination) {
        return new Form(key, name, result, received, termination);
    }

    /** A received item as a short string: {@code text:abc}, {@code binary:0102}, {@code close:1000:reason} … */
    public static String describe(WsClient.Received r) {
        HexFormat hex = HexFormat.of();
        if (r instanceof WsClient.Text t) {
            return "text:" + t.text();
        } else if (r instanceof WsClient.Binary b) {
            return "binary:" + hex.formatHex(b.data());
        } else if (r instanceof WsClient.Ping p) {
            return "ping:" + hex.formatHex(p.data());
        } else if (r instanceof WsClient.Pong p) {
            return "pong:" + hex.formatHex(p.data());
        } else if (r instanceof WsClient.Close c) {
            return "close:" + c.code() + ":" + c.reason();
        }
        return "failed:" + ((WsClient.Failed) r).error();
    }

    /** The next {@code n} things {@code client} receives, described. */
    public static List<String> receive(WsClient client, int n) {
        return Stream.generate((Supplier<WsClient.Received>) client::next).limit(n).map(ResultForms::describe).toList();
    }

    /**
     * Checks the end of a connection after {@code form} ran: a stop must have reached {@code terminate} as
     * the form says; otherwise the connection must still be up (an echo comes back) until the client closes.
     */
    static void assertOutcome(Form form, WsClient client, Recorder recorder, String id) {
        if (form.stops()) {
            assertThat(recorder.awaitTermination(id)).isEqualTo(form.termination());
        } else {
            client.text("still up?");
            assertThat(client.nextText()).isEqualTo("still up?");
            assertThat(recorder.terminations).doesNotContainKey(id);
            client.sendClose(1000, "bye");
            assertThat(recorder.awaitTermination(id)).isEqualTo(new CloseReason.Remote(1000, "bye"));
        }
        assertThat(recorder.overlaps).hasValue(0);
        assertThat(recorder.callbacksAfterTerminate).hasValue(0);
    }
}
