package io.websock.jakarta;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge loads and runs with only the WebSocket API on the class path (issue 11.3): a JVM whose class
 * path is this test's own minus every jar that holds {@code jakarta.servlet} (the servlet API and Tomcat's
 * embedded core) runs Tyrus standalone with an echo endpoint, then {@code shutdown()}.
 */
class NoServletApiTest {

    @Test
    @DisplayName("S16 Tyrus standalone without jakarta.servlet on the class path: echo, then shutdown() → close 1001 + terminate(Shutdown)")
    void runsWithoutServletApi() throws Exception {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> kept = Arrays.stream(entries).filter(e -> !holdsServletApi(e)).toList();
        assertThat(kept).as("the servlet API jars were dropped from the class path").hasSizeLessThan(entries.length);
        Path out = Files.createTempFile("no-servlet", ".out");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, kept), NoServletApiMain.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished within 60 s").isTrue();
            String output = Files.readString(out, StandardCharsets.UTF_8);
            List<String> lines = output.lines().collect(Collectors.toList());
            assertThat(lines).as(output)
                    .contains("servlet-api=absent", "echo=hello", "close=1001 server shutting down", "terminate=Shutdown[]", "done");
            assertThat(child.exitValue()).as(output).isZero();
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    private static boolean holdsServletApi(String entry) {
        String name = Path.of(entry).getFileName().toString();
        return name.startsWith("jakarta.servlet-api") || name.startsWith("tomcat-embed-core");
    }
}
