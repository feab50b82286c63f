package io.websock.examples.chat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chat's own small JSON and its settings parser. */
class JsonTest {

    @Test
    @DisplayName("Json.object escapes quotes, backslashes, control and line-separator characters; lists of strings")
    void encode() {
        assertThat(Json.object("a", "x\"y\\z\n\t\u0001\u2028", "n", 5, "l", List.of("p", "q\"")))
                .isEqualTo("{\"a\":\"x\\\"y\\\\z\\n\\t\\u0001\\u2028\",\"n\":5,\"l\":[\"p\",\"q\\\"\"]}");
    }

    @Test
    @DisplayName("Json.parseFlat reads a flat object of strings with every escape, and round-trips what object writes")
    void decode() {
        assertThat(Json.parseFlat(" { \"type\" : \"say\", \"text\":\"\\\"a\\\\b\\/c\\n\\u00e9\" } "))
                .isEqualTo(Map.of("type", "say", "text", "\"a\\b/c\né"));
        assertThat(Json.parseFlat("{}")).isEmpty();
        String tricky = "x\"y\\z\n\t\u0001\u2028";
        assertThat(Json.parseFlat(Json.object("t", tricky))).containsEntry("t", tricky);
    }

    @Test
    @DisplayName("Json.parseFlat refuses what is not a flat object of strings, saying where")
    void refuse() {
        for (String bad : List.of("", "[]", "{\"a\":1}", "{\"a\":{}}", "{\"a\":\"b\"", "{\"a\":\"b\"} x", "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{a:\"b\"}")) {
            assertThatThrownBy(() -> Json.parseFlat(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("chat.presenceInterval accepts 500ms, 2s, 1m, PT3S; refuses zero, negative and words, naming the property")
    void presenceInterval() {
        assertThat(ChatSettings.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ChatSettings.parse(" 2s ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ChatSettings.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ChatSettings.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
        for (String bad : List.of("0s", "-1s", "soon", "5")) {
            assertThatThrownBy(() -> ChatSettings.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat.presenceInterval");
        }
    }
}
