package io.websock.examples.chat;

import io.websock.test.client.Received;
import io.websock.test.client.WebSockTestClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo launcher as the README's command runs it — {@code chat-launcher.jar} in a JVM of its own — ended the
 * way a user ends it: SIGINT, as Ctrl-C sends. Two clients in a room must see close 1001, and the log must
 * show {@code terminate(Shutdown)} for each before the process exits.
 */
class ChatServerShutdownIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final Pattern RUNNING = Pattern.compile("Chat demo running at (http://127\\.0\\.0\\.1:(\\d+)/)");

    @Test
    @DisplayName("The demo launcher is a runnable jar whose class path is Tomcat only: no JUnit, AssertJ or Awaitility")
    void launcherJarRunsOnTomcatAlone() throws Exception {
        Path launcher = launcherJar();
        try (JarFile jar = new JarFile(launcher.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Main-Class")).isEqualTo(ChatServer.class.getName());
            List<String> classPath = List.of(manifest.getValue("Class-Path").trim().split("\\s+"));
            assertThat(classPath).as("the launcher's class path").isNotEmpty()
                    .allMatch(entry -> entry.startsWith("lib/tomcat-"), "is one of Tomcat's jars");
            for (String entry : classPath) {
                assertThat(launcher.resolveSibling(entry)).as("class path entry %s", entry).isRegularFile();
            }
        }
    }

    private static Path launcherJar() {
        Path launcher = Paths.get(System.getProperty("chat.launcher.jar", "../chat-launcher/target/chat-launcher.jar"));
        assertThat(launcher).as("the launcher jar (mvn -pl examples/chat -am package builds it)").isRegularFile();
        return launcher;
    }

    @Test
    @DisplayName("Ctrl-C (SIGINT) on the demo launcher: every connection gets close 1001 and terminate(Shutdown) in the log, then the JVM exits")
    void ctrlCClosesEveryConnectionWithShutdown() throws Exception {
        List<String> command = new ArrayList<>();
        // A JVM ignores SIGINT when it starts with SIGINT ignored (a build run in the background passes that
        // on); perl, part of every Debian, restores the default first, as a terminal would have it.
        Optional.of(Paths.get("/usr/bin/perl")).filter(Files::isExecutable)
                .ifPresent(perl -> command.addAll(List.of(perl.toString(), "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV")));
        // The runnable launcher jar itself (its manifest names its class path: Tomcat only), as the demo runs it.
        Path launcher = launcherJar();
        command.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ChatServer.WEBAPP + "=" + System.getProperty(ChatServer.WEBAPP, "target/chat-servlet"),
                "-D" + ChatServer.PORT + "=0",
                "-D" + ChatSettings.PRESENCE_INTERVAL + "=1s",
                "-jar", launcher.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    System.out.println("launcher| " + line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "launcher-output");
        reader.start();
        try {
            await().atMost(START).until(() -> output.stream().anyMatch(l -> RUNNING.matcher(l).find()) || !process.isAlive());
            Matcher running = output.stream().map(RUNNING::matcher).filter(Matcher::find).findFirst()
                    .orElseThrow(() -> new AssertionError("the launcher did not start:\n" + String.join("\n", output)));
            URI room = URI.create("ws://127.0.0.1:" + running.group(2) + "/chat/lobby");

            try (WebSockTestClient ann = WebSockTestClient.connect(URI.create(room + "?user=ann"));
                 WebSockTestClient ben = WebSockTestClient.connect(URI.create(room + "?user=ben"))) {
                assertThat(ann.nextText()).contains("\"type\":\"welcome\"");
                assertThat(ben.nextText()).contains("\"type\":\"welcome\"");

                // Ctrl-C in a terminal is SIGINT; the shell's own kill, as procps may be absent from small images.
                Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -INT " + process.pid()).inheritIO().start();
                assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT").isTrue();

                Received.Close annClose = ann.awaitClose(EVENTUALLY);
                Received.Close benClose = ben.awaitClose(EVENTUALLY);
                assertThat(List.of(annClose, benClose)).allSatisfy(c -> {
                    assertThat(c.code()).isEqualTo(1001);
                    assertThat(c.reason()).isEqualTo("server shutting down");
                });
            }
            assertThat(process.waitFor(EVENTUALLY.toSeconds(), TimeUnit.SECONDS)).as("the launcher exits").isTrue();
            reader.join(EVENTUALLY.toMillis());
            assertThat(process.exitValue()).as("exit status of a JVM ended by SIGINT").isEqualTo(130);
            List<String> lines = List.copyOf(output);
            int stopped = lines.indexOf("Chat demo stopped.");
            assertThat(stopped).as("the launcher says it stopped:\n%s", String.join("\n", lines)).isNotNegative();
            for (String user : List.of("ann", "ben")) {
                assertThat(lines.subList(0, stopped)).as("terminate of %s logged before the launcher stopped", user)
                        .anyMatch(l -> l.contains("chat: " + user + " left lobby") && l.endsWith("terminate(Shutdown)"));
            }
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
