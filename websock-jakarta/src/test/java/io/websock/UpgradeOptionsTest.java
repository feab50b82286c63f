package io.websock;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upgrade-related option values and check decisions fail when they are built, naming the bad value. */
class UpgradeOptionsTest {

    @Test
    @DisplayName("Subprotocols: an empty name, a name with separators and a duplicate are refused, naming the value")
    void subprotocols() {
        assertThatThrownBy(() -> WebSockOptions.builder().subprotocols("v1", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subprotocols").hasMessageContaining("\"\"");
        assertThatThrownBy(() -> WebSockOptions.builder().subprotocols("v1", "a,b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a,b\"");
        assertThatThrownBy(() -> WebSockOptions.builder().subprotocols("chat", "v1", "chat"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"chat\"").hasMessageContaining("twice");
        assertThat(WebSockOptions.builder().subprotocols("v2.chat", "v1.chat").build().subprotocols())
                .containsExactly("v2.chat", "v1.chat");
    }

    @ParameterizedTest(name = "status {0}")
    @DisplayName("A rejection with a status outside 400-599 is refused when built, naming the value")
    @ValueSource(ints = {0, 101, 200, 302, 399, 600, 999})
    void rejectStatus(int status) {
        assertThatThrownBy(() -> UpgradeDecision.reject(status, "no"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(status));
    }

    @Test
    @DisplayName("Decisions: valid ones keep their values; bad header names, values and attributes are refused")
    void decisions() {
        UpgradeDecision.Reject r = UpgradeDecision.reject(429, "slow down").withHeader("Retry-After", "5");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.headers()).containsEntry("Retry-After", List.of("5"));
        assertThat(UpgradeDecision.reject(400).body()).isEmpty();
        UpgradeDecision.Permit p = UpgradeDecision.permit().withAttribute("user", "ann").withHeader("X-A", "1").withHeader("X-A", "2");
        assertThat(p.attributes()).isEqualTo(Map.of("user", "ann"));
        assertThat(p.headers()).containsEntry("X-A", List.of("1", "2"));

        assertThatThrownBy(() -> UpgradeDecision.permit().withHeader("Bad Name", "v")).hasMessageContaining("\"Bad Name\"");
        assertThatThrownBy(() -> UpgradeDecision.permit().withHeader("X-A", "a\r\nSet-Cookie: x")).hasMessageContaining("X-A");
        assertThatThrownBy(() -> UpgradeDecision.permit().withHeader("Sec-WebSocket-Accept", "x"))
                .hasMessageContaining("Sec-WebSocket-Accept");
        assertThatThrownBy(() -> UpgradeDecision.permit().withAttribute("", "v")).hasMessageContaining("attribute name");
        assertThatThrownBy(() -> UpgradeDecision.permit().withAttribute("user", null)).hasMessageContaining("\"user\"");
        assertThatThrownBy(() -> WebSockOptions.builder().upgradeChecks(r0 -> UpgradeDecision.permit(), null))
                .hasMessageContaining("element 1");
    }
}
