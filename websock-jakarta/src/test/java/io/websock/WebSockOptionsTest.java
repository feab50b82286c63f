package io.websock;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebSockOptionsTest {

    @Test
    void defaults_are_the_contracts() {
        WebSockOptions o = WebSockOptions.DEFAULTS;
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(o.maxMessageSize()).isEqualTo(1 << 20);
        assertThat(o.compress()).isFalse();
        assertThat(o.subprotocols()).isEmpty();
        assertThat(o.anyOrigin()).isFalse();
        assertThat(o.allowedOrigins()).isEmpty();
        assertThat(o.outboundBufferLimit()).isEqualTo(1 << 20);
        assertThat(o.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.mailboxLimit()).isEqualTo(10_000);
        assertThat(o.earlyValidateUpgrade()).isTrue();
        assertThat(o.executor()).isNull();
        assertThat(o.blockedWarning()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void zero_disables_timeout_and_ping() {
        WebSockOptions o = WebSockOptions.builder().timeout(Duration.ZERO).pingInterval(Duration.ZERO).build();
        assertThat(o.timeout()).isZero();
        assertThat(o.pingInterval()).isZero();
        assertThat(WebSockOptions.builder().blockedWarning(Duration.ZERO).build().blockedWarning()).isZero();
    }

    @Test
    void bad_values_fail_at_build_time_naming_the_option_and_the_value() {
        var b = WebSockOptions.builder();
        assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, got PT-1S");
        assertThatThrownBy(() -> b.pingInterval(Duration.ofMillis(-5))).hasMessage("pingInterval must not be negative, got PT-0.005S");
        assertThatThrownBy(() -> b.maxMessageSize(0)).hasMessage("maxMessageSize must be positive, got 0");
        assertThatThrownBy(() -> b.maxMessageSize(-1)).hasMessage("maxMessageSize must be positive, got -1");
        assertThatThrownBy(() -> b.outboundBufferLimit(-10)).hasMessage("outboundBufferLimit must be positive, got -10");
        assertThatThrownBy(() -> b.mailboxLimit(0)).hasMessage("mailboxLimit must be positive, got 0");
        assertThatThrownBy(() -> b.sendTimeout(Duration.ZERO)).hasMessage("sendTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> b.blockedWarning(Duration.ofMillis(-1)))
                .hasMessage("blockedWarning must not be negative, got PT-0.001S");
        assertThatThrownBy(() -> b.timeout(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
    }

    @Test
    void subprotocols_must_be_distinct_tokens() {
        assertThat(WebSockOptions.builder().subprotocols("v2.chat", "v1.chat").build().subprotocols())
                .containsExactly("v2.chat", "v1.chat");
        assertThatThrownBy(() -> WebSockOptions.builder().subprotocols("chat", "chat"))
                .hasMessage("subprotocols: \"chat\" is listed twice");
        assertThatThrownBy(() -> WebSockOptions.builder().subprotocols(""))
                .hasMessageStartingWith("subprotocols: \"\" is not a valid subprotocol name");
        assertThatThrownBy(() -> WebSockOptions.builder().subprotocols("a b"))
                .hasMessageStartingWith("subprotocols: \"a b\" is not a valid subprotocol name");
    }

    @Test
    void malformed_origin_entries_fail_naming_the_entry() {
        assertThatThrownBy(() -> WebSockOptions.builder().allowedOrigins("example.com"))
                .hasMessageStartingWith("allowedOrigins: \"example.com\" is not an origin pattern");
        assertThatThrownBy(() -> WebSockOptions.builder().allowedOrigins("https://*.ex*ample.com"))
                .hasMessageStartingWith("allowedOrigins: \"https://*.ex*ample.com\" is not an origin pattern");
        assertThatThrownBy(() -> WebSockOptions.builder().allowedOrigins("//example.com:99999"))
                .hasMessageContaining("port 99999");
    }

    @Test
    void to_builder_keeps_every_value() {
        WebSockOptions o = WebSockOptions.builder().timeout(Duration.ofSeconds(5)).mailboxLimit(7)
                .subprotocols("a").anyOrigin().blockedWarning(Duration.ofMillis(300)).build();
        WebSockOptions copy = o.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(o.toString());
    }
}
