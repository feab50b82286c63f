package io.websock.it;

import java.util.Map;

/**
 * The servers the suites run on, and what each one does where servers differ and the bridge cannot hide
 * it. Tests assert these values per server (never skip), and README's container table is checked against
 * them ({@code ContainerTableTest}), so the table always says what the tests proved.
 */
enum Server {

    TOMCAT("Tomcat 10.1 (embedded)",
            // Handshake edge cases (issue 11.5): malformed keys with validation off, and a repeated Upgrade header,
            // which passes the bridge's validation (websock_adapter's "contains" rule) and gets the container's answer.
            "S2 validation off: short key", "400",
            "S2 validation off: non-base64 key", "400",
            "S2 validation off: two keys", "101",
            "S2 validation off: two versions", "101",
            "S2 repeated Upgrade: websocket, websocket", "101",
            "S2 repeated Upgrade: h2c, websocket", "101",
            "S2 validation off: POST", "404",
            "S2 validation off: HTTP/1.0", "101",
            "S2 validation off: Connection: keep-alive", "400",
            "S2 validation off: Upgrade: bogus", "404",
            "S2 validation off: no key", "400",
            "S2 validation off: version 12", "426",
            "S2 no Host", "400 (connector)",
            "S2 validation off: blank Host", "101",
            "S13 close frame without a code: terminate", "Remote(1000, \"\")",
            "S11 one 5 MiB frame, maxMessageSize 16 MiB", "echoed",
            "S11 frame header declaring 2^31 bytes, limit 1000, 100 000 bytes sent", "close 1009, terminate Error(MESSAGE_TOO_BIG)",
            "S12 invalid UTF-8: the client receives", "close 1007",
            "S1 servlet-side upgrade", "101",
            "S22 WAR with an invalid handler", "context fails to start; Arquillian's deploy() does not throw",
            "S2 Connection: keep-alive", "400 (bridge)",
            "S2 blank Host", "400 (bridge)",
            "S2 Content-Type of the bridge's 400", "text/plain"),
    // Jakarta EE 11, deployed by the Tomcat 10.1 Arquillian adapter (none exists for 11 on Central). On invalid
    // UTF-8 it sent close 1007 in one run and dropped the TCP connection without a close frame in another.
    TOMCAT11("Tomcat 11.0 (embedded)", TOMCAT,
            "S12 invalid UTF-8: the client receives", "close 1007 or TCP closed without a close frame"),
    // Jetty's HTTP/1.1 connection refuses an Upgrade header without "Connection: upgrade", and its Host parser
    // an empty Host, with a bare 400 before any filter runs (HttpConnection.upgrade(), HostPortHttpField).
    JETTY("Jetty 12 ee10 (embedded)",
            "S2 validation off: short key", "101",
            "S2 validation off: non-base64 key", "101",
            "S2 validation off: two keys", "101",
            "S2 validation off: two versions", "101",
            "S2 repeated Upgrade: websocket, websocket", "101",
            "S2 repeated Upgrade: h2c, websocket", "101",
            "S2 validation off: POST", "405",
            "S2 validation off: HTTP/1.0", "404",
            "S2 validation off: Connection: keep-alive", "400",
            "S2 validation off: Upgrade: bogus", "404",
            "S2 validation off: no key", "400",
            "S2 validation off: version 12", "404",
            "S2 no Host", "400 (connector)",
            "S2 validation off: blank Host", "400",
            "S13 close frame without a code: terminate", "Remote(1000, \"\")",
            "S11 one 5 MiB frame, maxMessageSize 16 MiB", "echoed",
            "S11 frame header declaring 2^31 bytes, limit 1000, 100 000 bytes sent", "close 1009, terminate Error(MESSAGE_TOO_BIG)",
            "S12 invalid UTF-8: the client receives", "close 1007",
            "S1 servlet-side upgrade", "101",
            "S22 WAR with an invalid handler", "deploy() throws without the definition error (it is in the server log)",
            "S2 Connection: keep-alive", "400 (connector)",
            "S2 blank Host", "400 (connector)",
            "S2 Content-Type of the bridge's 400", "text/plain"),
    // Jakarta EE 11, deployed by a minimal Arquillian container in it-tests/jetty11 (none exists on Central).
    JETTY11("Jetty 12.1 ee11 (embedded)", JETTY,
            "S22 WAR with an invalid handler", "deploy() throws the definition error"),
    // Undertow upgrades with validation off whatever the method, version, Connection or Upgrade value.
    WILDFLY("WildFly",
            "S2 validation off: short key", "101",
            "S2 validation off: non-base64 key", "101",
            "S2 validation off: two keys", "101",
            "S2 validation off: two versions", "101",
            "S2 repeated Upgrade: websocket, websocket", "101",
            "S2 repeated Upgrade: h2c, websocket", "101",
            "S2 validation off: POST", "101",
            "S2 validation off: HTTP/1.0", "101",
            "S2 validation off: Connection: keep-alive", "101",
            "S2 validation off: Upgrade: bogus", "101",
            "S2 validation off: no key", "404",
            "S2 validation off: version 12", "404",
            "S2 no Host", "400 (connector)",
            "S2 validation off: blank Host", "101",
            "S13 close frame without a code: terminate", "Remote(1000, \"\")",
            "S11 one 5 MiB frame, maxMessageSize 16 MiB", "echoed",
            "S11 frame header declaring 2^31 bytes, limit 1000, 100 000 bytes sent", "close 1009, terminate Error(MESSAGE_TOO_BIG)",
            "S12 invalid UTF-8: the client receives", "close 1007",
            "S1 servlet-side upgrade", "101",
            "S22 WAR with an invalid handler", "deploy() throws the definition error",
            "S2 Connection: keep-alive", "400 (bridge)",
            "S2 blank Host", "400 (bridge)",
            "S2 Content-Type of the bridge's 400", "text/plain"),
    // Grizzly (Payara, GlassFish): a request with an empty Host is never dispatched to an application
    // (Mapper: "Host is not set") and gets an empty 200; a response to a request that carries an Upgrade header
    // is written without Content-Type (HttpServerFilter skips content modifiers for upgrades); Tyrus upgrades
    // through upgradeHttpToWebSocket only paths registered with addEndpoint (the bridge refuses with 500).
    PAYARA("Payara Micro",
            "S2 validation off: short key", "101",
            "S2 validation off: non-base64 key", "101",
            "S2 validation off: two keys", "101",
            "S2 validation off: two versions", "426",
            "S2 repeated Upgrade: websocket, websocket", "404",
            "S2 repeated Upgrade: h2c, websocket", "404",
            "S2 validation off: POST", "101",
            "S2 validation off: HTTP/1.0", "101",
            "S2 validation off: Connection: keep-alive", "500",
            "S2 validation off: Upgrade: bogus", "404",
            "S2 validation off: no key", "404",
            "S2 validation off: version 12", "426",
            "S2 no Host", "400 (connector)",
            "S2 validation off: blank Host", "200",
            "S13 close frame without a code: terminate", "Remote(1000, \"Normal closure.\")",
            "S11 one 5 MiB frame, maxMessageSize 16 MiB", "close 1011 \"Buffer overflow.\", terminate Error(MESSAGE_TOO_BIG)",
            "S11 frame header declaring 2^31 bytes, limit 1000, 100 000 bytes sent", "nothing within 10 s",
            "S12 invalid UTF-8: the client receives", "close 1007",
            "S1 servlet-side upgrade", "500: IllegalStateException naming the fix",
            "S22 WAR with an invalid handler", "context fails to start; Arquillian's deploy() does not throw",
            "S2 Connection: keep-alive", "400 (bridge)",
            "S2 blank Host", "200 (connector)",
            "S2 Content-Type of the bridge's 400", "absent"),
    GLASSFISH("GlassFish 7",
            "S2 validation off: short key", "101",
            "S2 validation off: non-base64 key", "101",
            "S2 validation off: two keys", "101",
            "S2 validation off: two versions", "426",
            "S2 repeated Upgrade: websocket, websocket", "404",
            "S2 repeated Upgrade: h2c, websocket", "404",
            "S2 validation off: POST", "101",
            "S2 validation off: HTTP/1.0", "101",
            "S2 validation off: Connection: keep-alive", "500",
            "S2 validation off: Upgrade: bogus", "404",
            "S2 validation off: no key", "404",
            "S2 validation off: version 12", "426",
            "S2 no Host", "400 (connector)",
            "S2 validation off: blank Host", "200",
            "S13 close frame without a code: terminate", "Remote(1000, \"Normal closure.\")",
            "S11 one 5 MiB frame, maxMessageSize 16 MiB", "close 1011 \"Buffer overflow.\", terminate Error(MESSAGE_TOO_BIG)",
            "S11 frame header declaring 2^31 bytes, limit 1000, 100 000 bytes sent", "nothing within 10 s",
            "S12 invalid UTF-8: the client receives", "close 1007",
            "S1 servlet-side upgrade", "500: IllegalStateException naming the fix",
            "S22 WAR with an invalid handler", "deploy() throws the definition error",
            "S2 Connection: keep-alive", "400 (bridge)",
            "S2 blank Host", "200 (connector)",
            "S2 Content-Type of the bridge's 400", "absent"),
    // Open Liberty hands a request without Host to the application, so the bridge's 400 answers it.
    LIBERTY("Open Liberty",
            "S2 validation off: short key", "400",
            "S2 validation off: non-base64 key", "101",
            "S2 validation off: two keys", "101",
            "S2 validation off: two versions", "101",
            "S2 repeated Upgrade: websocket, websocket", "101",
            "S2 repeated Upgrade: h2c, websocket", "404",
            "S2 validation off: POST", "404",
            "S2 validation off: HTTP/1.0", "400",
            "S2 validation off: Connection: keep-alive", "400",
            "S2 validation off: Upgrade: bogus", "404",
            "S2 validation off: no key", "400",
            "S2 validation off: version 12", "400",
            "S2 no Host", "400 (bridge)",
            "S2 validation off: blank Host", "101",
            "S13 close frame without a code: terminate", "Remote(1000, \"\")",
            "S11 one 5 MiB frame, maxMessageSize 16 MiB", "echoed",
            "S11 frame header declaring 2^31 bytes, limit 1000, 100 000 bytes sent", "nothing within 10 s",
            "S12 invalid UTF-8: the client receives", "close 1007",
            "S1 servlet-side upgrade", "101",
            "S22 WAR with an invalid handler", "deploy() throws without the definition error (it is in the server log)",
            "S2 Connection: keep-alive", "400 (bridge)",
            "S2 blank Host", "400 (bridge)",
            "S2 Content-Type of the bridge's 400", "text/plain");

    private static final java.util.concurrent.atomic.AtomicBoolean REPORT_STARTED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Display name for reports and the README table. */
    final String title;
    private final Map<String, String> differences;

    /** {@code documented}: property, behaviour, property, behaviour, … */
    Server(String title, String... documented) {
        this(title, Map.of(), documented);
    }

    /** A server that behaves like {@code like} except for the properties in {@code differing} (same form). */
    Server(String title, Server like, String... differing) {
        this(title, like.differences, differing);
    }

    private Server(String title, Map<String, String> base, String[] documented) {
        this.title = title;
        Map<String, String> map = new java.util.LinkedHashMap<>(base);
        for (int i = 0; i < documented.length; i += 2) {
            map.put(documented[i], documented[i + 1]);
        }
        this.differences = Map.copyOf(map);
    }

    /** The server this JVM's suites run against: system property {@code it.server}. */
    static Server current() {
        String name = System.getProperty("it.server");
        if (name == null) {
            throw new IllegalStateException("system property it.server is not set: run the suites from a server module");
        }
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** The documented behaviour of this server for {@code property}, or null when none is documented yet. */
    String expected(String property) {
        return differences.get(property);
    }

    /**
     * Asserts that {@code observed} is this server's documented behaviour for {@code property}, and writes
     * the observation to {@code <it.report.dir>/<server>.txt} so a run shows what each server did.
     */
    void check(org.assertj.core.api.SoftAssertions soft, String property, String observed) {
        record(property, observed);
        soft.assertThat(observed).as("%s: %s (documented in Server and README's container table)", title, property)
                .isEqualTo(expected(property));
    }

    /**
     * Writes an observation that is measured, not documented (e.g. a time), to the same report as
     * {@link #check}; the test that measures it asserts its bound itself.
     */
    void record(String property, String observed) {
        String dir = System.getProperty("it.report.dir");
        if (dir != null) {
            try {
                java.nio.file.Path file = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir))
                        .resolve(name().toLowerCase(java.util.Locale.ROOT) + ".txt");
                if (REPORT_STARTED.compareAndSet(false, true)) {
                    java.nio.file.Files.deleteIfExists(file); // one run's observations only
                }
                java.nio.file.Files.writeString(file, property + " = " + observed + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * README's container table: one row per documented property, one column per server. Every server must
     * document every property; a gap shows as "?" and fails {@code ContainerTableTest}.
     */
    static String table() {
        java.util.SortedSet<String> properties = new java.util.TreeSet<>(java.util.Comparator
                .comparingInt((String p) -> Integer.parseInt(p.replaceAll("^S(\\d+).*", "$1"))).thenComparing(p -> p));
        for (Server s : values()) {
            properties.addAll(s.differences.keySet());
        }
        StringBuilder md = new StringBuilder("| scenario |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Server s : values()) {
            md.append(' ').append(s.title).append(" |");
            rule.append("---|");
        }
        md.append('\n').append(rule).append('\n');
        for (String p : properties) {
            md.append("| ").append(p).append(" |");
            for (Server s : values()) {
                md.append(' ').append(s.differences.getOrDefault(p, "?").replace("|", "\\|")).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }
}
