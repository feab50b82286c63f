package io.websock;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The origin policy as a table: allow-list forms, same-origin, off, and origins that are never allowed. */
class OriginPolicyTest {

    private static WebSockOptions allow(String... entries) {
        return WebSockOptions.builder().allowedOrigins(entries).build();
    }

    @ParameterizedTest(name = "{0} vs Origin {1} -> {2}")
    @DisplayName("Origin allow-list table")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            https://example.com       | https://example.com          | true
            https://example.com       | https://EXAMPLE.com          | true
            https://example.com       | https://example.com:443      | true
            https://example.com       | https://example.com/         | true
            https://example.com       | http://example.com           | false
            https://example.com       | https://example.com:8443     | false
            https://example.com       | https://www.example.com      | false
            https://example.com:8443  | https://example.com:8443     | true
            https://example.com:8443  | https://example.com          | false
            //example.com:8443        | http://example.com:8443      | true
            //example.com:8443        | https://example.com:8443     | true
            //example.com:8443        | https://example.com:9443     | false
            //example.com             | http://example.com:1234      | true
            //*.example.com           | https://example.com          | true
            //*.example.com           | https://a.example.com        | true
            //*.example.com           | https://a.b.example.com:8443 | true
            //*.example.com           | https://evilexample.com      | false
            //*.example.com           | https://example.com.evil.org | false
            //*.example.com           | null                         | false
            //*.example.com           | file://                      | false
            //*.example.com           | file:///etc/passwd           | false
            //*.example.com           | https://user@a.example.com   | false
            //*.example.com           | ''                           | false
            //*.example.com           | not a url                    | false
            //[::1]:8080              | http://[::1]:8080            | true
            //[::1]:8080              | http://[::2]:8080            | false
            https://example.com       | NULL                         | true
            """)
    void allowList(String entry, String origin, boolean allowed) {
        assertThat(allow(entry).isOriginAllowed(origin, "server.test", true)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "Host {0} vs Origin {1} -> {2}")
    @DisplayName("Same-origin (the default) table")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            example.com            | https://example.com         | true
            example.com            | http://example.com          | true
            EXAMPLE.com            | https://example.com         | true
            example.com:8443       | https://example.com:8443    | true
            example.com:8443       | https://example.com         | false
            example.com:443        | https://example.com         | true
            example.com            | https://evil.com            | false
            example.com            | https://evilexample.com     | false
            example.com            | https://sub.example.com     | false
            127.0.0.1:8080         | http://127.0.0.1:8080       | true
            [::1]:8080             | http://[::1]:8080           | true
            [::1]:8080             | http://[::1]:8081           | false
            example.com            | null                        | false
            example.com            | file://                     | false
            NULL                   | https://example.com         | false
            'bad host^'            | https://example.com         | false
            example.com            | NULL                        | true
            """)
    void sameOrigin(String host, String origin, boolean allowed) {
        assertThat(WebSockOptions.DEFAULTS.isOriginAllowed(origin, host, false)).isEqualTo(allowed);
    }

    @Test
    @DisplayName("Policy off accepts any origin, even null and file://")
    void off() {
        WebSockOptions any = WebSockOptions.builder().anyOrigin().build();
        for (String origin : new String[]{"https://evil.com", "null", "file://", null}) {
            assertThat(any.isOriginAllowed(origin, "example.com", true)).as(origin).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("Malformed allow-list entries fail at configuration, naming the value")
    @ValueSource(strings = {"example.com", "https://", "//", "https://example.com/path", "//*.*.example.com",
            "//ex ample.com", "https://example.com:99999", "//*example.com", "*.example.com", "https://example.com:0"})
    void malformed(String entry) {
        assertThatThrownBy(() -> WebSockOptions.builder().allowedOrigins("https://ok.example", entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowedOrigins")
                .hasMessageContaining("\"" + entry + "\"");
    }

    @Test
    @DisplayName("An empty allow-list and a null entry are refused")
    void emptyAndNull() {
        assertThatThrownBy(() -> WebSockOptions.builder().allowedOrigins(java.util.List.of()))
                .hasMessageContaining("allowedOrigins");
        assertThatThrownBy(() -> WebSockOptions.builder().allowedOrigins("https://a.example", null))
                .isInstanceOf(RuntimeException.class);
    }
}
