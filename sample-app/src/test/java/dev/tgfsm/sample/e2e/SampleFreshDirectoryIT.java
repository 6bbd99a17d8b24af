package dev.tgfsm.sample.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The sample as an operator first runs it with a token: {@code java -jar} from an empty folder, with
 * the default SQLite file under {@code ./data}, which does not exist yet. It starts, creates the
 * folder and the database, and answers.
 */
class SampleFreshDirectoryIT {

    @TempDir
    Path dir;

    @Test
    void withATokenTheSampleStartsInAnEmptyFolder() throws Exception {
        Path workingDirectory = Files.createDirectory(dir.resolve("fresh"));
        try (LocalBotApiServer api = LocalBotApiServer.start();
                BotProcess bot = BotProcess.startIn(workingDirectory, dir.resolve("bot.log"),
                        List.of("--tgfsm.bot.token=123:TEST", "--tgfsm.bot.api-url=" + api.url(),
                                "--tgfsm.restart-notice.enabled=false"))) {
            api.enqueueMessage(9_401, "/order");
            try {
                api.awaitText(9_401, "What product do you want to order?", Duration.ofSeconds(90));
            }
            catch (AssertionError ex) {
                throw new AssertionError(ex.getMessage() + "\n--- bot log ---\n" + bot.tail(), ex);
            }
            assertThat(workingDirectory.resolve("data/tgfsm-sample.db")).isRegularFile();
        }
    }
}
