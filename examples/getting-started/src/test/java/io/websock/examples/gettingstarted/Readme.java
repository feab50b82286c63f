package io.websock.examples.gettingstarted;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marked blocks of README.md: {@code <!-- getting-started:NAME:start -->}, one fenced code block,
 * {@code <!-- getting-started:NAME:end -->}. A block inside a list item loses the item's indentation.
 */
final class Readme {

    private final Path file;
    private final String text;

    private Readme(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    static Readme at(Path root) {
        Path file = root.resolve("README.md");
        try {
            return new Readme(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** The code of block {@code name}, without its fence; fails naming the block when it is missing or malformed. */
    String block(String name) {
        Pattern marked = Pattern.compile("<!-- getting-started:" + Pattern.quote(name) + ":start -->\\R"
                + "([ \\t]*)```[a-z]*\\R(.*?)\\R[ \\t]*```\\R[ \\t]*<!-- getting-started:" + Pattern.quote(name) + ":end -->",
                Pattern.DOTALL);
        Matcher m = marked.matcher(text);
        if (!m.find()) {
            throw new AssertionError(file + " has no block \"" + name + "\": expected <!-- getting-started:" + name
                    + ":start -->, a fenced code block, <!-- getting-started:" + name + ":end -->");
        }
        String indent = m.group(1);
        StringBuilder code = new StringBuilder();
        for (String line : m.group(2).split("\\R", -1)) {
            code.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
        }
        return code.toString();
    }
}
