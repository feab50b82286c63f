package io.websock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloseDetailTest {

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999})
    void codes_a_server_may_send_are_accepted(int code) {
        assertThat(CloseDetail.of(code).code()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
    void codes_a_server_may_not_send_are_rejected_naming_the_code(int code) {
        assertThatThrownBy(() -> CloseDetail.of(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("close code " + code + " ");
    }

    @Test
    void reason_of_123_utf8_bytes_is_accepted_and_124_rejected_with_the_count() {
        assertThat(CloseDetail.of(4000, "a".repeat(123)).reason()).hasSize(123);
        assertThatThrownBy(() -> CloseDetail.of(4000, "a".repeat(124)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 123 UTF-8 bytes, got 124");
    }

    @Test
    void reason_length_counts_utf8_bytes_not_chars() {
        String fortyTwoEuros = "€".repeat(41); // 3 bytes each: 123 bytes
        assertThat(CloseDetail.of(4000, fortyTwoEuros).reason()).isEqualTo(fortyTwoEuros);
        assertThatThrownBy(() -> CloseDetail.of(4000, fortyTwoEuros + "x"))
                .hasMessageContaining("got 124");
        String emoji = "\uD83D\uDE00".repeat(31); // 4 bytes each: 124 bytes
        assertThatThrownBy(() -> CloseDetail.of(4000, emoji)).hasMessageContaining("got 124");
    }

    @Test
    void null_reason_is_rejected() {
        assertThatThrownBy(() -> CloseDetail.of(1000, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("close reason");
    }
}
