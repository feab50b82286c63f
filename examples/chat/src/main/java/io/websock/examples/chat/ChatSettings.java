package io.websock.examples.chat;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The chat's one setting, read once when the application starts: how often each connection refreshes the
 * presence list it shows, from the system property {@value #PRESENCE_INTERVAL} ({@code 500ms}, {@code 2s},
 * {@code 1m} or ISO-8601 {@code PT2S}; default 5 s). A departed user disappears from the others' lists
 * within one interval. A malformed value fails the start, naming the property.
 */
@ApplicationScoped
public class ChatSettings {

    /** The system property holding the presence refresh interval. */
    public static final String PRESENCE_INTERVAL = "chat.presenceInterval";

    private final Duration presenceInterval = parse(System.getProperty(PRESENCE_INTERVAL, "5s"));

    /** How often each connection refreshes the presence list it shows; positive. */
    public Duration presenceInterval() {
        return presenceInterval;
    }

    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("pt")) {
                d = Duration.parse(t);
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(PRESENCE_INTERVAL + " = \"" + text + "\" is not a duration; write e.g. 500ms, 2s, 1m or PT2S");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(PRESENCE_INTERVAL + " = \"" + text + "\" must be positive");
        }
        return d;
    }
}
