package io.websock;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
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
     * names differing only in case are one entry, their values concatenated in order. Iterates in name
     * order (case-insensitive order when {@code caseInsensitive}). Kept small, since every connection's
     * {@link Handshake} holds two of them for its whole life: an empty copy is the shared {@link Map#of()},
     * any other two sorted arrays ({@link SortedArrayMap}) instead of a tree of entries.
     */
    static Map<String, List<String>> copyOfLists(Map<String, List<String>> source, boolean caseInsensitive) {
        if (source instanceof SortedArrayMap m && m.caseInsensitive == caseInsensitive) {
            return m; // immutable already
        }
        if (source.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, List<String>> copy = caseInsensitive ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new TreeMap<>();
        source.forEach((k, v) -> copy.merge(k, List.copyOf(v), (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }));
        return new SortedArrayMap(copy, caseInsensitive);
    }

    /**
     * An immutable map of names to value lists as two sorted arrays, looked up by binary search: about a third
     * of a {@code TreeMap}'s memory. Behaves as an unmodifiable {@code TreeMap} with the same order would (a
     * {@code null} name is refused with a {@link NullPointerException}, every mutator throws
     * {@link UnsupportedOperationException}); equality and hash code are those of any {@link Map}.
     */
    static final class SortedArrayMap extends AbstractMap<String, List<String>> {
        private final String[] names;
        private final Object[] values;
        final boolean caseInsensitive;

        SortedArrayMap(java.util.SortedMap<String, List<String>> sorted, boolean caseInsensitive) {
            this.names = sorted.keySet().toArray(new String[0]);
            this.values = sorted.values().toArray();
            this.caseInsensitive = caseInsensitive;
        }

        private int indexOf(Object name) {
            if (name == null) {
                throw new NullPointerException("name must not be null");
            }
            if (!(name instanceof String s)) {
                return -1;
            }
            return caseInsensitive
                    ? Arrays.binarySearch(names, s, String.CASE_INSENSITIVE_ORDER)
                    : Arrays.binarySearch(names, s);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> get(Object name) {
            int i = indexOf(name);
            return i < 0 ? null : (List<String>) values[i];
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public Set<Entry<String, List<String>>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, List<String>>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.length;
                        }

                        @Override
                        @SuppressWarnings("unchecked")
                        public Entry<String, List<String>> next() {
                            if (next >= names.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(names[i], (List<String>) values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return names.length;
                }
            };
        }
    }

    /** The first value under {@code name}, or {@code null}. */
    static String first(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }
}
