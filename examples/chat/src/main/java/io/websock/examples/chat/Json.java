package io.websock.examples.chat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The little JSON the chat protocol needs, so the WAR carries no JSON library: encoding of flat objects
 * whose values are strings, numbers or lists of strings, and decoding of flat objects whose values are
 * strings (what the page sends). Anything else is refused with an {@link IllegalArgumentException}.
 */
final class Json {

    private Json() {
    }

    /** {@code {"k1":v1,"k2":v2,…}} from alternating keys and values (String, Number, Boolean or Collection of String). */
    static String object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            string(out, (String) keysAndValues[i]);
            out.append(':');
            value(out, keysAndValues[i + 1]);
        }
        return out.append('}').toString();
    }

    private static void value(StringBuilder out, Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, (String) item);
            }
            out.append(']');
        } else {
            string(out, (String) value);
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters, and the line separators a <script> would choke on, escaped.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Parses a flat object whose values are all strings, e.g. {@code {"type":"say","text":"hi"}}.
     *
     * @throws IllegalArgumentException naming what is wrong, for anything else
     */
    static Map<String, String> parseFlat(String json) {
        Parser p = new Parser(json);
        Map<String, String> result = new LinkedHashMap<>();
        p.skipSpace();
        p.expect('{');
        p.skipSpace();
        if (p.peek() == '}') {
            p.pos++;
        } else {
            while (true) {
                p.skipSpace();
                String key = p.string();
                p.skipSpace();
                p.expect(':');
                p.skipSpace();
                result.put(key, p.string());
                p.skipSpace();
                if (p.peek() == ',') {
                    p.pos++;
                } else {
                    p.expect('}');
                    break;
                }
            }
        }
        p.skipSpace();
        if (p.pos != json.length()) {
            throw new IllegalArgumentException("unexpected text after the object at " + p.pos);
        }
        return result;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            return s.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos + ", got '" + peek() + "'");
            }
            pos++;
        }

        void skipSpace() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("control character in a string at " + (pos - 1));
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = peek();
                pos++;
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new IllegalArgumentException("unexpected end of JSON in a \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw new IllegalArgumentException("bad \\u escape at " + (pos - 2));
                        }
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape '\\" + e + "' at " + (pos - 2));
                }
            }
        }
    }
}
