package io.websock.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through the Chrome DevTools Protocol with the JDK's own WebSocket client — no
 * WebDriver, no Node. Launches {@code /usr/bin/chromium} (or {@code -Dchat.chromium=…}) with a fresh profile
 * directory and {@code --remote-debugging-port=0}, reads the {@code DevTools listening on ws://127.0.0.1:…}
 * line, and talks to the browser target; each {@link Page} is a tab attached in flat session mode.
 * The browser's output goes to {@code chromium.log} next to the profile.
 */
final class Chromium implements AutoCloseable {

    /** The flags every launch uses: headless, and nothing that talks to the network by itself. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:\\d+/\\S+)");

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    /** The Chromium executable this machine would use. */
    static Path executable() {
        return Paths.get(System.getProperty("chat.chromium", "/usr/bin/chromium"));
    }

    private Chromium(Process process, Path profile, URI devtools) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CALL_TIMEOUT)
                .buildAsync(devtools, new Listener(this::dispatch)).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts the browser with a new profile in {@code workDir}; waits for its DevTools endpoint. */
    static Chromium launch(Path workDir, Duration startTimeout) throws Exception {
        Path profile = Files.createDirectories(workDir).resolve("profile-" + System.nanoTime());
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(FLAGS);
        command.addAll(List.of("--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=960,640", "about:blank"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Path log = workDir.resolve("chromium.log");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.println(line);
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        endpoint.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IllegalStateException("Chromium exited before its DevTools endpoint was up; see " + log));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Chromium(process, profile, endpoint.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            destroy(process);
            throw new IllegalStateException("Chromium did not start (command " + command + "); see " + log, e);
        }
    }

    private void dispatch(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> call = pending.remove(message.get("id").asInt());
            if (call != null) {
                call.complete(message);
            }
        } else {
            events.add(message);
        }
    }

    /** Calls {@code method} (on the page session {@code sessionId}, or the browser when null); returns its result. */
    JsonNode call(String sessionId, String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode request = json.createObjectNode().put("id", id).put("method", method);
        request.set("params", json.valueToTree(params));
        if (sessionId != null) {
            request.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            socket.sendText(json.writeValueAsString(request), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode answer = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer within " + CALL_TIMEOUT, e);
        } finally {
            pending.remove(id);
        }
    }

    /** A new tab showing {@code url}, with its console and network log recorded. */
    Page open(String url) {
        String targetId = call(null, "Target.createTarget", Map.of("url", "about:blank", "newWindow", true, "width", 960, "height", 640))
                .get("targetId").asText();
        String sessionId = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .get("sessionId").asText();
        Page page = new Page(targetId, sessionId);
        call(sessionId, "Page.enable", Map.of());
        call(sessionId, "Log.enable", Map.of());
        call(sessionId, "Network.enable", Map.of());
        call(sessionId, "Page.navigate", Map.of("url", url));
        org.awaitility.Awaitility.await().atMost(CALL_TIMEOUT)
                .until(() -> page.text("document.readyState === 'complete' ? location.href : ''").equals(url));
        return page;
    }

    /** One browser tab. */
    final class Page {
        final String targetId;
        final String sessionId;

        private Page(String targetId, String sessionId) {
            this.targetId = targetId;
            this.sessionId = sessionId;
        }

        /** Evaluates {@code expression} in the page (promises awaited); its JSON value. */
        JsonNode eval(String expression) {
            JsonNode r = call(sessionId, "Runtime.evaluate",
                    Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
            if (r.has("exceptionDetails")) {
                throw new IllegalStateException("page threw on " + expression + ": " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        /** {@link #eval} of an expression yielding a string (missing/null as ""). */
        String text(String expression) {
            JsonNode v = eval(expression);
            return v.isMissingNode() || v.isNull() ? "" : v.asText();
        }

        /** Every event of this tab, for diagnostics. */
        List<JsonNode> allEvents() {
            return Chromium.this.events.stream().filter(e -> sessionId.equals(e.path("sessionId").asText())).toList();
        }

        /** The events of this tab with this CDP method name, in arrival order. */
        List<JsonNode> events(String method) {
            return Chromium.this.events.stream()
                    .filter(e -> sessionId.equals(e.path("sessionId").asText()) && method.equals(e.path("method").asText()))
                    .map(e -> e.get("params")).toList();
        }

        /** Writes a PNG of the visible page to {@code file}. */
        void screenshot(Path file) throws IOException {
            String data = call(sessionId, "Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode(data));
        }

        /** Closes the tab, as a user closing it (the page's WebSocket goes away with it). */
        void close() {
            call(null, "Target.closeTarget", Map.of("targetId", targetId));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            call(null, "Browser.close", Map.of());
        } catch (RuntimeException alreadyGone) {
            // fall through to the process check
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                destroy(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(process);
        }
        socket.abort();
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // the profile is under target/ and goes with mvn clean
        }
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Collects text messages (CDP answers can arrive in parts) and hands each whole one to {@code sink}. */
    private final class Listener implements WebSocket.Listener {
        private final Consumer<JsonNode> sink;
        private final StringBuilder parts = new StringBuilder();

        Listener(Consumer<JsonNode> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String whole = parts.toString();
                parts.setLength(0);
                try {
                    sink.accept(json.readTree(whole));
                } catch (IOException e) {
                    throw new IllegalStateException("not JSON from DevTools: " + whole, e);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
