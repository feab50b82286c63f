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
     * headers one packed string ({@link PackedHeaders}), anything else two sorted arrays ({@link SortedArrayMap})
     * instead of a tree of entries.
     */
    static Map<String, List<String>> copyOfLists(Map<String, List<String>> source, boolean caseInsensitive) {
        if (source instanceof SortedArrayMap m && m.caseInsensitive == caseInsensitive
                || source instanceof PackedHeaders && caseInsensitive) {
            return source; // immutable already
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
        if (caseInsensitive) {
            String packed = PackedHeaders.pack(copy);
            if (packed != null) {
                return new PackedHeaders(packed, copy.size());
            }
        }
        return new SortedArrayMap(copy, caseInsensitive);
    }

    /**
     * Headers as one string, decoded on each lookup: an idle connection keeps its handshake's headers for its
     * whole life and mostly never reads them again, and one Latin-1 string costs a fraction of a map of
     * strings and lists (a browser's dozen headers: about 0.7 KB instead of 2 KB or more). Entries sorted
     * case-insensitively by name, each {@code name (SEP value)* END}. Lookups scan the entries (a handshake has
     * a few dozen at most) and return new, equal, immutable lists on each call. Behaves as the unmodifiable
     * case-insensitive {@code TreeMap} it replaces; used only when no name or value contains a separator.
     */
    static final class PackedHeaders extends AbstractMap<String, List<String>> {
        private static final char SEP = '\u0000';
        private static final char END = '\u0001';
        private final String packed;
        private final int size;

        PackedHeaders(String packed, int size) {
            this.packed = packed;
            this.size = size;
        }

        /** The packed form of {@code sorted}, or {@code null} if a name or value contains a separator. */
        static String pack(java.util.SortedMap<String, List<String>> sorted) {
            StringBuilder b = new StringBuilder();
            for (Entry<String, List<String>> e : sorted.entrySet()) {
                if (!plain(e.getKey())) {
                    return null;
                }
                b.append(e.getKey());
                for (String value : e.getValue()) {
                    if (!plain(value)) {
                        return null;
                    }
                    b.append(SEP).append(value);
                }
                b.append(END);
            }
            return b.toString();
        }

        private static boolean plain(String s) {
            return s.indexOf(SEP) < 0 && s.indexOf(END) < 0;
        }

        /** Start of the entry named {@code name}, or -1. */
        private int find(String name) {
            for (int at = 0; at < packed.length(); at = packed.indexOf(END, at) + 1) {
                int nameEnd = nameEnd(at);
                if (nameEnd - at == name.length() && packed.regionMatches(true, at, name, 0, name.length())) {
                    return at;
                }
            }
            return -1;
        }

        private int nameEnd(int at) {
            int i = at;
            while (packed.charAt(i) != SEP && packed.charAt(i) != END) {
                i++;
            }
            return i;
        }

        private List<String> valuesAt(int nameEnd) {
            if (packed.charAt(nameEnd) == END) {
                return List.of();
            }
            int end = packed.indexOf(END, nameEnd);
            int next = packed.indexOf(SEP, nameEnd + 1);
            if (next < 0 || next > end) {
                return List.of(packed.substring(nameEnd + 1, end)); // the common case: one value
            }
            List<String> values = new ArrayList<>();
            for (int at = nameEnd; at < end; ) {
                int stop = packed.indexOf(SEP, at + 1);
                if (stop < 0 || stop > end) {
                    stop = end;
                }
                values.add(packed.substring(at + 1, stop));
                at = stop;
            }
            return List.copyOf(values);
        }

        @Override
        public List<String> get(Object name) {
            if (name == null) {
                throw new NullPointerException("name must not be null");
            }
            if (!(name instanceof String s)) {
                return null;
            }
            int at = find(s);
            return at < 0 ? null : valuesAt(nameEnd(at));
        }

        @Override
        public boolean containsKey(Object name) {
            return get(name) != null;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<String, List<String>>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, List<String>>> iterator() {
                    return new Iterator<>() {
                        private int at;

                        @Override
                        public boolean hasNext() {
                            return at < packed.length();
                        }

                        @Override
                        public Entry<String, List<String>> next() {
                            if (at >= packed.length()) {
                                throw new NoSuchElementException();
                            }
                            int nameEnd = nameEnd(at);
                            Entry<String, List<String>> e = new SimpleImmutableEntry<>(packed.substring(at, nameEnd), valuesAt(nameEnd));
                            at = packed.indexOf(END, nameEnd) + 1;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
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
