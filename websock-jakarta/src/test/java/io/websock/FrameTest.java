package io.websock;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameTest {

    @Test
    void control_payload_over_125_bytes_is_rejected_with_its_size() {
        assertThat(Frame.ping(new byte[125]).size()).isEqualTo(125);
        assertThatThrownBy(() -> Frame.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ping payload must be at most 125 bytes, got 126");
        assertThatThrownBy(() -> Frame.pong(new byte[200])).hasMessage("pong payload must be at most 125 bytes, got 200");
    }

    @Test
    void empty_control_payload_is_an_empty_buffer_never_null() {
        assertThat(Frame.ping().payload().remaining()).isZero();
        assertThat(Frame.pong().payload()).isNotNull();
    }

    @Test
    void binary_frames_are_immutable_values() {
        byte[] bytes = {1, 2, 3};
        Frame.Binary frame = Frame.binary(bytes);
        bytes[0] = 9; // the factory copied
        ByteBuffer view = frame.data();
        assertThat(view.isReadOnly()).isTrue();
        view.get(); // moving one view's position does not move another's
        assertThat(frame.data().position()).isZero();
        assertThat(frame.bytes()).containsExactly(1, 2, 3);
        assertThat(frame).isEqualTo(Frame.binary(new byte[]{1, 2, 3}));
    }

    @Test
    void text_size_counts_utf8_bytes() {
        assertThat(Frame.text("aé€\uD83D\uDE00").size()).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void null_content_is_rejected() {
        assertThatThrownBy(() -> Frame.text(null)).hasMessageContaining("text frame content must not be null");
        assertThatThrownBy(() -> Frame.binary((byte[]) null)).hasMessageContaining("binary frame content");
        assertThatThrownBy(() -> Frame.ping(null)).hasMessageContaining("ping payload must not be null");
    }
}
