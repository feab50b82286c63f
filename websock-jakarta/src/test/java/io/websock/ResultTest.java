package io.websock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultTest {

    @Test
    void stop_reasons_map_to_the_contracts_close_codes_and_terminate_reasons() {
        assertClose(Result.stop(StopReason.NORMAL, "s"), 1000, CloseReason.NORMAL);
        assertClose(Result.stop(StopReason.DISCONNECTED, "s"), 1000, CloseReason.NORMAL);
        assertClose(Result.stop(StopReason.RESTART, "s"), 1012, CloseReason.NORMAL);
        assertClose(Result.stop("oops", "s"), 1011, new CloseReason.Error("oops"));
        assertClose(Result.stop(StopReason.RESTART, CloseDetail.of(4001, "x"), "s"), 4001, CloseReason.NORMAL);
        assertClose(Result.stop("oops", CloseDetail.of(1000), "s"), 1000, new CloseReason.Error("oops"));
    }

    private static void assertClose(Result<String> r, int code, CloseReason reason) {
        assertThat(r).isInstanceOf(Result.Stop.class);
        Result.Stop<String> stop = (Result.Stop<String>) r;
        assertThat(stop.closeDetail().code()).isEqualTo(code);
        assertThat(stop.closeReason()).isEqualTo(reason);
        assertThat(stop.state()).isEqualTo("s");
    }

    @Test
    void null_stop_reason_is_rejected() {
        assertThatThrownBy(() -> Result.stop(null, "s")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("stop reason must not be null");
    }

    @Test
    void a_null_frame_is_rejected_naming_its_index() {
        List<Frame> frames = Arrays.asList(Frame.text("a"), null);
        assertThatThrownBy(() -> Result.push(frames, 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("frames[1]");
        assertThatThrownBy(() -> Result.push((Frame) null, 1)).hasMessageContaining("pushed frame");
        assertThatThrownBy(() -> Result.push((List<Frame>) null, 1)).hasMessageContaining("frames must not be null");
    }

    @Test
    void pushed_frame_lists_are_copied_so_results_stay_immutable() {
        List<Frame> frames = new ArrayList<>(List.of(Frame.text("a")));
        Result.Push<Integer> push = (Result.Push<Integer>) Result.push(frames, 1);
        frames.add(Frame.text("b"));
        assertThat(push.frames()).containsExactly(Frame.text("a"));
        assertThatThrownBy(() -> push.frames().add(Frame.text("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reply_is_push() {
        assertThat(Result.reply("ok", Frame.text("a"), 1)).isEqualTo(Result.push(Frame.text("a"), 1));
    }
}
