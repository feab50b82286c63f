package io.websock.test;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's in-JVM example is {@code com.example.EchoHandlerTest}, which this module compiles and runs: the
 * README block must stay that file, word for word.
 */
class ReadmeInJvmExampleTest {

    @Test
    @DisplayName("README 'In-JVM (no server)' shows EchoHandlerTest exactly as it compiles and passes here")
    void readmeBlockIsTheTestedExample() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("### In-JVM (no server)");
        assertThat(section).as("README section '### In-JVM (no server)'").isNotNegative();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```\n", start);
        String block = readme.substring(start, end);
        String source = Files.readString(Path.of("src/test/java/com/example/EchoHandlerTest.java"));
        assertThat(block).isEqualTo(source);
    }
}
