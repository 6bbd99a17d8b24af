package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.tgfsm.readme.ReadmeSnippets;

/**
 * The README's update-kind handlers and per-message menu are those of {@link KindsController} and
 * {@link MenuController}, which {@code UpdateKindsEndToEndIT} runs.
 */
class ReadmeUpdateKindsTests {

    private static String source(String file) throws Exception {
        return ReadmeSnippets
                .normalized(Files.readString(Path.of("src", "test", "java", "dev", "tgfsm", "telegram", file)));
    }

    @Test
    void theReadmesKindHandlersAreTheOnesTheEndToEndTestRuns() throws Exception {
        assertThat(source("KindsController.java"))
                .contains(ReadmeSnippets.normalized(ReadmeSnippets.text("update-kinds")));
    }

    @Test
    void theReadmesPerMessageMenuIsTheOneTheEndToEndTestRuns() throws Exception {
        assertThat(source("MenuController.java"))
                .contains(ReadmeSnippets.normalized(ReadmeSnippets.text("per-message-menu")));
    }
}
