package io.websock.test;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Arquillian example is {@code hello.HelloHandlerIT}, which this module compiles against the kit and
 * Arquillian's and ShrinkWrap's APIs (it needs a deployed server to run: {@code it-tests} run the same client that
 * way on eight servers). The README block must stay that file, word for word, so it always compiles as shown.
 */
class ReadmeArquillianExampleTest {

    @Test
    @DisplayName("README 'With Arquillian' shows HelloHandlerIT exactly as it compiles here")
    void readmeBlockIsTheCompiledExample() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("### With Arquillian");
        assertThat(section).as("README section '### With Arquillian'").isNotNegative();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```\n", start);
        assertThat(readme.substring(start, end)).isEqualTo(Files.readString(Path.of("src/test/java/hello/HelloHandlerIT.java")));
    }
}
