package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tgfsm.readme.ReadmeSnippets.Snippet;

/**
 * Every Java, YAML, XML and properties block of the README is run by a test: it carries a marker
 * ({@code <!-- snippet: name -->}) whose name a test reads through {@link ReadmeSnippets}, or says
 * why it cannot be run ({@code <!-- snippet: name; not run: reason -->}).
 */
class ReadmeCoverageTests {

    private static final Set<String> CHECKED_LANGUAGES = Set.of("java", "yaml", "yml", "xml", "properties");

    @Test
    void everyCodeBlockIsMarkedAndEveryMarkedOneIsReadByATest() throws Exception {
        List<Snippet> snippets = ReadmeSnippets.all().stream()
                .filter(s -> CHECKED_LANGUAGES.contains(s.language())).toList();
        assertThat(snippets).as("README code blocks").hasSizeGreaterThan(10);
        List<String> unmarked = snippets.stream().filter(s -> s.name() == null)
                .map(s -> s.language() + " block at README.md line " + s.line()).toList();
        assertThat(unmarked).as("blocks without a <!-- snippet: name --> line above them").isEmpty();
        assertThat(snippets.stream().map(Snippet::name).toList()).as("snippet names").doesNotHaveDuplicates();

        List<String> tests = testSources();
        List<String> unread = snippets.stream().filter(s -> s.notRun() == null)
                .filter(s -> tests.stream().noneMatch(source -> source.contains("\"" + s.name() + "\"")))
                .map(s -> s.name() + " (line " + s.line() + ")").toList();
        assertThat(unread).as("README snippets no test reads through ReadmeSnippets").isEmpty();
    }

    /** The test sources of every module that use {@link ReadmeSnippets}. */
    private static List<String> testSources() throws Exception {
        Path root = ReadmeSnippets.readme().getParent();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/test/java/")
                    && !f.getFileName().toString().equals("ReadmeSnippets.java")).map(f -> {
                        try {
                            return Files.readString(f);
                        }
                        catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                    }).filter(source -> source.contains("ReadmeSnippets")).toList();
        }
    }
}
