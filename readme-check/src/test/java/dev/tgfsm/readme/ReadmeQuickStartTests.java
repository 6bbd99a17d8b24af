package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tgfsm.readme.ReadmeSnippets.Snippet;

/**
 * The Quick start's two commands are the ones the project uses: the test command is what CI runs
 * ({@code .ci/run}, with Maven's batch mode added), and the sample's command runs the sample module
 * with the reactor it needs. (Running them is what a fresh-clone CI does; ConsoleModeIT runs the
 * console mode itself.)
 */
class ReadmeQuickStartTests {

    @Test
    void theTestCommandIsWhatCiRunsAndTheSampleCommandRunsTheSample() throws Exception {
        List<String> commands = ReadmeSnippets.all().stream().filter(s -> s.language().equals("sh"))
                .map(Snippet::text).map(String::strip).limit(2).toList();
        assertThat(commands).containsExactly("./mvnw -q -pl sample-app -am spring-boot:run", "./mvnw verify");
        String ci = Files.readString(ReadmeSnippets.readme().resolveSibling(".ci").resolve("run"));
        List<String> maven = ci.lines().map(String::strip).filter(line -> line.startsWith("./mvnw")).toList();
        assertThat(maven).as(".ci/run's Maven command").containsExactly("./mvnw -B verify");
        assertThat(maven.get(0).replace(" -B", "")).isEqualTo(commands.get(1));
    }
}
