package io.websock.jakarta;

import io.websock.WebSockOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registration-time validation: bad input fails where the endpoint is built, naming the value. */
class EndpointConfigTest {

    private final WebSockServer websock = WebSockServer.create();

    @AfterEach
    void stop() {
        websock.shutdown();
    }

    @Test
    void a_valid_template_becomes_a_server_endpoint_config() {
        var config = websock.endpoint("/chat/{room}/user/{name}", new Scripted());
        assertThat(config.getPath()).isEqualTo("/chat/{room}/user/{name}");
        assertThat(config.getEndpointClass()).isEqualTo(WebSockEndpoint.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "chat            | must start with '/'",
            "/chat/          | must not end with '/'",
            "/a//b           | has an empty segment",
            "/chat/{room     | has a malformed parameter segment \"{room\"",
            "/chat/x{room}   | has a malformed parameter segment \"x{room}\"",
            "/chat/{}        | has a malformed parameter segment \"{}\"",
            "/{a}/{a}        | uses parameter {a} twice",
            "/chat room      | has an invalid segment \"chat room\"",
    })
    void malformed_templates_are_rejected_naming_the_template(String path, String fault) {
        assertThatThrownBy(() -> websock.endpoint(path.strip(), new Scripted()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("path template \"" + path.strip() + "\"")
                .hasMessageContaining(fault.strip());
    }

    @Test
    void null_arguments_are_rejected_by_name() {
        assertThatThrownBy(() -> websock.endpoint("/x", (io.websock.WebSock<?>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("handler must not be null");
        assertThatThrownBy(() -> websock.endpoint(null, new Scripted()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("path template must not be null");
        assertThatThrownBy(() -> websock.endpoint("/x", new Scripted(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("options must not be null");
    }

    @Test
    void drain_arguments_are_validated() {
        assertThatThrownBy(() -> websock.drain(0, java.time.Duration.ZERO)).hasMessage("drain batchSize must be positive, got 0");
        assertThatThrownBy(() -> websock.drain(1, java.time.Duration.ofSeconds(-1)))
                .hasMessage("drain interval must not be negative, got PT-1S");
    }

    @Test
    void options_reach_the_config() {
        var config = websock.endpoint("/p", new Scripted(), WebSockOptions.builder().subprotocols("a", "b").build());
        assertThat(config.getSubprotocols()).containsExactly("a", "b");
    }
}
