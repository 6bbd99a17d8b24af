package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.tgfsm.readme.ReadmeSnippets;

/**
 * The README's typed-callback snippet is part of {@link BookshelfController}, which
 * {@code TypedCallbackEndToEndIT} runs through the real TelegramBots client.
 */
class ReadmeTypedCallbackTests {

    @Test
    void theReadmesTypedCallbackSnippetIsTheControllerTheEndToEndTestRuns() throws Exception {
        String source = Files.readString(Path.of("src", "test", "java", "dev", "tgfsm", "telegram",
                "BookshelfController.java"));
        assertThat(ReadmeSnippets.normalized(source))
                .contains(ReadmeSnippets.normalized(ReadmeSnippets.text("typed-callback-data")));
    }
}
