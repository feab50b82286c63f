package io.websock.cdi;

import io.websock.WebSockOptions;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the options of a {@link WebSockHandler} annotation into {@link WebSockOptions}. Every refusal is
 * an {@link IllegalArgumentException} whose message names the option and the value as written.
 */
final class AnnotationOptions {

    private static final Pattern DURATION = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(-?\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

    private AnnotationOptions() {
    }

    /** The path template the annotation names; refuses none or two different ones. */
    static String path(WebSockHandler a) {
        String value = a.value();
        String path = a.path();
        if (value.isEmpty() && path.isEmpty()) {
            throw new IllegalArgumentException("no path: give one, e.g. @WebSockHandler(path = \"/chat/{room}\")");
        }
        if (!value.isEmpty() && !path.isEmpty() && !value.equals(path)) {
            throw new IllegalArgumentException("two paths: value = \"" + value + "\" and path = \"" + path
                    + "\"; give one");
        }
        return path.isEmpty() ? value : path;
    }

    static WebSockOptions options(WebSockHandler a) {
        WebSockOptions.Builder b = WebSockOptions.builder();
        duration(a.timeout(), "timeout", b::timeout);
        duration(a.pingInterval(), "pingInterval", b::pingInterval);
        duration(a.sendTimeout(), "sendTimeout", b::sendTimeout);
        duration(a.blockedWarning(), "blockedWarning", b::blockedWarning);
        size(a.maxMessageSize(), "maxMessageSize", true, v -> b.maxMessageSize((int) v));
        size(a.outboundBufferLimit(), "outboundBufferLimit", false, b::outboundBufferLimit);
        apply("mailboxLimit", Integer.toString(a.mailboxLimit()), () -> b.mailboxLimit(a.mailboxLimit()));
        b.compress(a.compress());
        b.earlyValidateUpgrade(a.earlyValidateUpgrade());
        if (a.subprotocols().length > 0) {
            apply("subprotocols", Arrays.toString(a.subprotocols()), () -> b.subprotocols(a.subprotocols()));
        }
        String[] origins = a.allowedOrigins();
        if (origins.length == 1 && "*".equals(origins[0].trim())) {
            b.anyOrigin();
        } else if (origins.length > 0) {
            if (Arrays.stream(origins).anyMatch(o -> "*".equals(o.trim()))) {
                throw new IllegalArgumentException("allowedOrigins = " + List.of(origins)
                        + ": \"*\" (any origin) cannot be combined with other entries");
            }
            apply("allowedOrigins", List.of(origins).toString(), () -> b.allowedOrigins(origins));
        }
        return b.build();
    }

    /** The {@code executor} member: null when empty, else a {@code java:} JNDI name. */
    static String executorName(WebSockHandler a) {
        String name = a.executor().trim();
        if (name.isEmpty()) {
            return null;
        }
        if (!name.startsWith("java:")) {
            throw new IllegalArgumentException("invalid option executor = \"" + a.executor()
                    + "\": not a JNDI name; write e.g. \"java:app/concurrent/websock\" or \"java:comp/DefaultManagedExecutorService\"");
        }
        return name;
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 0} or ISO-8601 ({@code PT30S}). */
    static Duration parseDuration(String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("not a duration; write e.g. \"500ms\", \"30s\", \"5m\", \"1h\", \"0\" or \"PT30S\"");
    }

    /** Parses a byte count, optionally with a binary unit (K/KB/KiB = 1024, M…, G…). */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size; write bytes (\"65536\") or with a unit (\"64K\", \"1M\", \"1MiB\")");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        if (shift > 0 && Math.abs(n) > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("too large");
        }
        return n << shift;
    }

    private static void duration(String text, String option, Consumer<Duration> set) {
        if (text.isEmpty()) {
            return;
        }
        apply(option, text, () -> set.accept(parseDuration(text)));
    }

    private interface LongSetter {
        void set(long value);
    }

    private static void size(String text, String option, boolean intRange, LongSetter set) {
        if (text.isEmpty()) {
            return;
        }
        apply(option, text, () -> {
            long v = parseSize(text);
            if (intRange && v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " bytes");
            }
            set.set(v);
        });
    }

    /** Runs {@code check}; a refusal becomes "option = "value": why". */
    private static void apply(String option, String value, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid option " + option + " = \"" + value + "\": " + e.getMessage(), e);
        }
    }
}
