package io.websock.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's container table must be exactly what the suites assert per server ({@link Server}): when a
 * server's documented behaviour changes, this test fails and prints the table to paste.
 */
class ContainerTableTest {

    private static final String START = "<!-- container-table:start (generated from it-tests/suite Server.java; ContainerTableTest checks it) -->\n";
    private static final String END = "<!-- container-table:end -->";

    @Test
    @DisplayName("README's container table equals the per-server behaviour the integration suites assert")
    void readmeTableMatchesServerExpectations() throws IOException {
        String expected = Server.table();
        Path out = Files.createDirectories(Path.of("target")).resolve("container-table.md");
        Files.writeString(out, START + expected + END + "\n");
        String readme = Files.readString(Path.of("../../README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has the container table markers; the table to paste is in %s", out.toAbsolutePath())
                .isNotNegative();
        assertThat(readme.substring(start + START.length(), end))
                .as("README's container table is stale; the current one is in %s", out.toAbsolutePath())
                .isEqualTo(expected);
        assertThat(expected).as("every server documents every row").doesNotContain("| ? |");
    }
}
