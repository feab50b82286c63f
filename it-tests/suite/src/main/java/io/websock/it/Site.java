package io.websock.it;

import io.websock.test.client.WebSockTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The deployed application as the test sees it: its address on 127.0.0.1 (whatever host the server
 * announces) and the handler logs ({@link io.websock.it.app.EventLog}) of the connections a test tagged.
 */
final class Site {

    private static final AtomicInteger TAGS = new AtomicInteger();
    private static final Path LOG_DIR = Path.of(System.getProperty("it.log.dir", "target/it-log")).toAbsolutePath();

    final int port;
    /** The context path with a leading '/' and no trailing one, e.g. {@code "/it"}. */
    final String context;

    private Site(int port, String context) {
        this.port = port;
        this.context = context;
    }

    /** The site Arquillian reports, moved to 127.0.0.1: tests never connect anywhere else. */
    static Site of(URL deployed) {
        String path = deployed.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int port = deployed.getPort() == -1 ? deployed.getDefaultPort() : deployed.getPort();
        return new Site(port, path);
    }

    /** A site whose WAR is not deployed by Arquillian yet: port from {@code it.port}, context from the WAR name. */
    static Site unmanaged(String warName) {
        String port = System.getProperty("it.port");
        if (port == null) {
            throw new IllegalStateException("system property it.port is not set by the server module");
        }
        return new Site(Integer.parseInt(port), "/" + warName);
    }

    /** {@code ws://127.0.0.1:<port><context><pathAndQuery>}, as the kit's client derives it from the deployment URL. */
    /**
     * {@code WebSockTestClient.connect(uri)}, except that on Payara and GlassFish an upgrade answered 500 is tried
     * once more: their Grizzly now and then fails a request before any application code runs
     * ({@code Request.parseSessionId}: "Unexpected DataChunk type: None", logged as GRIZZLY0200, answered 500 —
     * seen once in a few thousand upgrades). The retry is written to the server's report; a second 500 fails.
     */
    static WebSockTestClient connect(URI uri) {
        try {
            return WebSockTestClient.connect(uri);
        } catch (AssertionError refused) {
            Server server = Server.current();
            boolean grizzly = server == Server.PAYARA || server == Server.GLASSFISH;
            if (!grizzly || !String.valueOf(refused.getMessage()).contains("HTTP 500")) {
                throw refused;
            }
            server.record("Grizzly answered 500 before the application; upgrade retried", uri.toString());
            return WebSockTestClient.connect(uri);
        }
    }

    URI ws(String pathAndQuery) {
        try {
            return WebSockTestClient.uri(new URL("http", "127.0.0.1", port, context + "/"), pathAndQuery);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Path and query as a raw request line needs them: context included. */
    String raw(String pathAndQuery) {
        return context + pathAndQuery;
    }

    /** A fresh tag for one connection whose handler should log; unique across the whole run. */
    static String tag(String what) {
        return what.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + ProcessHandle.current().pid() + "-" + TAGS.incrementAndGet();
    }

    /** {@code path} plus the query parameters that make the handler log under {@code tag}. */
    static String logged(String path, String tag) {
        return path + (path.contains("?") ? "&" : "?") + "log=" + URLEncoder.encode(LOG_DIR.toString(), StandardCharsets.UTF_8)
                + "&tag=" + tag;
    }

    /** What the handler of the connection tagged {@code tag} logged so far (empty before its first line). */
    static List<String> events(String tag) {
        try {
            return Files.readAllLines(LOG_DIR.resolve(tag + ".log"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the handler logged {@code terminate ...}, and returns that line's reason. */
    static String awaitTerminate(String tag, Duration within) {
        await("terminate of " + tag).atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> events(tag).stream().anyMatch(l -> l.startsWith("terminate ")));
        return events(tag).stream().filter(l -> l.startsWith("terminate ")).findFirst().orElseThrow().substring(10);
    }

    /** The peer's close reason text that {@code terminate(Remote)} carried, once terminate was logged. */
    static String remoteReason(String tag) {
        return events(tag).stream().filter(l -> l.startsWith("remote-reason ")).findFirst()
                .map(l -> l.substring("remote-reason ".length())).orElse(null);
    }

    /**
     * The process invariants, read from a finished connection's log: {@code init} once, {@code terminate}
     * exactly once and last among the callbacks, never two callbacks at once.
     */
    static void assertInvariants(String tag) {
        List<String> events = events(tag);
        org.assertj.core.api.Assertions.assertThat(events).as("handler log of " + tag)
                .filteredOn(l -> l.startsWith("terminate ")).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(events).as("handler log of " + tag)
                .noneMatch(l -> l.startsWith("OVERLAP") || l.startsWith("AFTER-TERMINATE") || l.startsWith("TERMINATE-TWICE"));
    }
}
