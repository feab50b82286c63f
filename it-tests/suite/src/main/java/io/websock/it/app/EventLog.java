package io.websock.it.app;

import io.websock.CloseReason;
import io.websock.Handshake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a connection's handler saw, written line by line to {@code <log>/<tag>.log}, where {@code log} and
 * {@code tag} are query parameters of the upgrade request. A file is the one channel that every server
 * shares with the test JVM on the same machine and that outlives the application itself, so a test can
 * read {@code terminate(Shutdown)} after the WAR was undeployed. Connections without both parameters log
 * nothing.
 */
public final class EventLog {

    private final Path file;

    private EventLog(Path file) {
        this.file = file;
    }

    /** The log of the connection that made this handshake; a no-op log when the test asked for none. */
    public static EventLog of(Handshake handshake) {
        String dir = handshake.queryParameter("log");
        String tag = handshake.queryParameter("tag");
        if (dir == null || tag == null) {
            return new EventLog(null);
        }
        if (!tag.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("tag must be a plain file name, got '" + tag + "'");
        }
        return new EventLog(Path.of(dir).resolve(tag + ".log"));
    }

    /** Appends one line; synchronized so that lines of one connection never interleave. */
    public synchronized void line(String text) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stable text form of a close reason, as the suites expect it: {@code Remote(4999)}, {@code Error(CLOSED)}. */
    public static String describe(CloseReason reason) {
        if (reason instanceof CloseReason.Remote r) {
            return "Remote(" + r.code() + ")";
        }
        if (reason instanceof CloseReason.Error e) {
            Object cause = e.cause();
            String name = cause instanceof Throwable t ? t.getClass().getSimpleName()
                    : cause instanceof Enum<?> fault ? fault.name() // Fault.CLOSED, Fault.SLOW_CONSUMER, …
                    : String.valueOf(cause);
            return "Error(" + name + ")";
        }
        return reason.getClass().getSimpleName(); // Normal, Shutdown, Timeout
    }
}
