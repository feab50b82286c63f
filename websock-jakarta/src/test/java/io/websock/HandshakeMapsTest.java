package io.websock;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compact maps a {@link Handshake} keeps (issue 13: every connection holds them for its whole life) behave
 * as the unmodifiable {@code TreeMap}s they replace: same lookups, order, equality, merging and refusals.
 */
class HandshakeMapsTest {

    private static Map<String, List<String>> source() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("Host", List.of("127.0.0.1:8080"));
        m.put("user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64)"));
        m.put("Accept-Language", List.of("en-US,en;q=0.9"));
        m.put("X-Multi", List.of("a", "", "c"));
        m.put("x-MULTI", List.of("d"));
        m.put("X-None", List.of());
        m.put("Cookie", List.of("a=b; c=d"));
        return m;
    }

    /** What the copy replaced, built exactly as before. */
    private static Map<String, List<String>> reference(Map<String, List<String>> source, boolean caseInsensitive) {
        Map<String, List<String>> copy = caseInsensitive ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new TreeMap<>();
        source.forEach((k, v) -> copy.merge(k, List.copyOf(v), (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }));
        return Collections.unmodifiableMap(copy);
    }

    private static Handshake handshake(Map<String, List<String>> headers, Map<String, List<String>> query) {
        return new Handshake(URI.create("ws://127.0.0.1/x"), Map.of(), query, headers, null, null, Map.of());
    }

    @Test
    @DisplayName("Headers: case-insensitive lookup, merged duplicates, empty values, name order, equality with the TreeMap copy")
    void headers() {
        Map<String, List<String>> headers = handshake(source(), Map.of()).headers();
        Map<String, List<String>> expected = reference(source(), true);
        assertThat(headers.getClass().getSimpleName()).isEqualTo("PackedHeaders"); // the compact form is in use
        assertThat(headers).isEqualTo(expected);
        assertThat(expected).isEqualTo(headers);
        assertThat(headers.hashCode()).isEqualTo(expected.hashCode());
        assertThat(headers.toString()).isEqualTo(expected.toString());
        assertThat(new ArrayList<>(headers.keySet())).containsExactlyElementsOf(expected.keySet());
        assertThat(headers.size()).isEqualTo(6);
        assertThat(headers.get("USER-AGENT")).containsExactly("Mozilla/5.0 (X11; Linux x86_64)");
        assertThat(headers.get("x-multi")).containsExactly("a", "", "c", "d");
        assertThat(headers.get("X-None")).isEmpty();
        assertThat(headers.get("X-Non")).isNull();
        assertThat(headers.get("X-Nonee")).isNull();
        assertThat(headers.get(42)).isNull();
        assertThat(headers.containsKey("cookie")).isTrue();
        assertThat(headers.containsKey("Cook")).isFalse();
        assertThat(handshake(source(), Map.of()).header("accept-language")).isEqualTo("en-US,en;q=0.9");
        assertThatThrownBy(() -> headers.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> headers.put("a", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.remove("Host")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.get("Host").add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("Headers whose text contains the packing's separators keep every character (sorted-array form)")
    void headersWithControlCharacters() {
        Map<String, List<String>> odd = Map.of("X-A", List.of("one\u0000two", "\u0001"), "x-b", List.of("v"));
        Map<String, List<String>> headers = handshake(odd, Map.of()).headers();
        assertThat(headers).isEqualTo(reference(odd, true));
        assertThat(headers.get("x-a")).containsExactly("one\u0000two", "\u0001");
        assertThat(headers.get("X-B")).containsExactly("v");
    }

    @Test
    @DisplayName("Query parameters: case-sensitive, in name order, equal to the TreeMap copy; empty maps are the shared Map.of()")
    void queryParameters() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("b", List.of("2"));
        q.put("B", List.of("3"));
        q.put("a", List.of("1", "1"));
        Map<String, List<String>> query = handshake(Map.of(), q).queryParameters();
        Map<String, List<String>> expected = reference(q, false);
        assertThat(query).isEqualTo(expected);
        assertThat(new ArrayList<>(query.keySet())).containsExactly("B", "a", "b");
        assertThat(query.get("b")).containsExactly("2");
        assertThat(query.get("A")).isNull();
        assertThat(query.toString()).isEqualTo(expected.toString());
        assertThatThrownBy(() -> query.put("c", List.of())).isInstanceOf(UnsupportedOperationException.class);
        Handshake empty = handshake(Map.of(), new TreeMap<>());
        assertThat(empty.headers()).isSameAs(Map.of());
        assertThat(empty.queryParameters()).isSameAs(Map.of());
    }
}
