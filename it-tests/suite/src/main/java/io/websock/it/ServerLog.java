package io.websock.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the server logged from the moment a capture started: the server's own log file where it has one
 * (WildFly {@code standalone/log/server.log}, GlassFish {@code domains/domain1/logs/server.log}, Open Liberty
 * {@code logs/messages.log}, found from the server module's system properties), plus everything that reaches
 * this JVM — java.util.logging records with their exceptions (embedded Tomcat) and what is printed to
 * {@code System.out}/{@code System.err} (Jetty's slf4j-simple, and Payara Micro's process output, which its
 * Arquillian adapter copies to {@code System.out}). Used where a failure is only visible in the log (S22).
 */
final class ServerLog implements AutoCloseable {

    private final Path file;
    private final long fileStart;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final StringBuffer records = new StringBuffer();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.append(r.getLoggerName()).append(' ').append(r.getMessage()).append('\n');
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                records.append("  caused by ").append(t).append('\n');
                for (Throwable s : t.getSuppressed()) {
                    records.append("  suppressed ").append(s).append('\n');
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private ServerLog(Path file) {
        this.file = file;
        try {
            this.fileStart = file != null && Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Logger.getLogger("").addHandler(handler);
        System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing what {@code server} logs from now on. */
    static ServerLog capture(Server server) {
        return new ServerLog(logFile(server));
    }

    /** The server's log file, or null where its log reaches this JVM instead. */
    static Path logFile(Server server) {
        return switch (server) {
            case WILDFLY -> Path.of(required("jboss.home"), "standalone", "log", "server.log");
            case GLASSFISH -> Path.of(required("glassfish.home"), "glassfish", "domains", "domain1", "logs", "server.log");
            case LIBERTY -> Path.of(required("liberty.home"), "usr", "servers", required("liberty.server"), "logs", "messages.log");
            case TOMCAT, TOMCAT11, JETTY, JETTY11, PAYARA -> null;
        };
    }

    /** Everything logged since the capture started. */
    String text() {
        StringBuilder all = new StringBuilder(records);
        synchronized (printed) {
            all.append(printed.toString(StandardCharsets.UTF_8));
        }
        if (file != null && Files.exists(file)) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                int from = (int) Math.min(fileStart, bytes.length); // a rotated log starts again at 0
                all.append(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    /** Where the text comes from, for failure messages. */
    String source() {
        return (file == null ? "" : file + " + ") + "this JVM's java.util.logging, System.out and System.err";
    }

    /** Stops capturing; idempotent. */
    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        if (System.out != out) {
            System.setOut(out);
        }
        if (System.err != err) {
            System.setErr(err);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set by the server module");
        }
        return value;
    }

    /** Writes through to the original stream and keeps a copy. */
    private final class Tee extends OutputStream {
        private final PrintStream original;

        Tee(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            original.write(b);
            synchronized (printed) {
                printed.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (printed) {
                printed.write(b, off, len);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
