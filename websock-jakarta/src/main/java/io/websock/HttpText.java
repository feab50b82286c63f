package io.websock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** HTTP text rules shared by the request views, decisions and options of this package. */
final class HttpText {

    private HttpText() {
    }

    /** Whether {@code s} is an RFC 7230 token (header names, subprotocol names). */
    static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * An immutable copy of a multi-valued map (headers, query parameters); with {@code caseInsensitive}
     * names differing only in case are one entry, their values concatenated in order.
     */
    static Map<String, List<String>> copyOfLists(Map<String, List<String>> source, boolean caseInsensitive) {
        Map<String, List<String>> copy = caseInsensitive ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new TreeMap<>();
        source.forEach((k, v) -> copy.merge(k, List.copyOf(v), (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }));
        return Collections.unmodifiableMap(copy);
    }

    /** The first value under {@code name}, or {@code null}. */
    static String first(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }
}
