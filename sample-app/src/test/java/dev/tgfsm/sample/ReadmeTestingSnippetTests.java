package dev.tgfsm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.tgfsm.readme.ReadmeSnippets;

/**
 * The README's "Testing your bot" cannot drift: its Java snippet is exactly {@link OrderFlowTests}
 * (between its {@code README:begin} and {@code README:end} lines), which runs with the sample's tests,
 * and its dependency is the kit's artifact on the project's version.
 */
class ReadmeTestingSnippetTests {

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = text.indexOf(to, start);
        assertThat(start).as(from).isNotNegative();
        assertThat(end).as(to).isGreaterThan(start);
        return text.substring(start + from.length(), end);
    }

    @Test
    void theJavaSnippetIsOrderFlowTests() throws Exception {
        String source = Files.readString(Path.of("src", "test", "java", "dev", "tgfsm", "sample",
                "OrderFlowTests.java"), StandardCharsets.UTF_8);
        assertThat(ReadmeSnippets.text("testing-order-flow").strip())
                .isEqualTo(between(source, "// README:begin", "// README:end").strip());
    }

    @Test
    void theDependencyIsTheKitOnTheProjectsVersion() throws Exception {
        String xml = ReadmeSnippets.text("testing-dependency");
        String kitPom = Files.readString(Path.of("..", "fsm-test", "pom.xml"), StandardCharsets.UTF_8);
        assertThat(kitPom).contains("<artifactId>fsm-test</artifactId>");
        String version = between(between(kitPom, "<parent>", "</parent>"), "<version>", "</version>");
        assertThat(xml).contains("<groupId>dev.tgfsm</groupId>", "<artifactId>fsm-test</artifactId>",
                "<version>" + version + "</version>", "<scope>test</scope>");
    }
}
