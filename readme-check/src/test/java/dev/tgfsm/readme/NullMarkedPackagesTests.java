package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "Every package of {@code fsm-core} and the starter is {@code @NullMarked}" (README, JSpecify): each
 * folder of main sources holds a {@code package-info.java} that carries the annotation, and so do the
 * test kits'.
 */
class NullMarkedPackagesTests {

    @ParameterizedTest
    @ValueSource(strings = {"fsm-core", "fsm-spring-boot-starter", "fsm-test", "fsm-test-telegram"})
    void everyPackageIsNullMarked(String module) throws IOException {
        Path sources = ReadmeSnippets.readme().getParent().resolve(module).resolve("src/main/java");
        List<Path> packages;
        try (Stream<Path> files = Files.walk(sources)) {
            packages = files.filter(f -> f.toString().endsWith(".java")).map(Path::getParent).distinct().toList();
        }
        assertThat(packages).as("packages of %s", module).isNotEmpty();
        List<String> unmarked = packages.stream().filter(p -> !nullMarked(p.resolve("package-info.java")))
                .map(p -> sources.relativize(p).toString().replace('/', '.')).toList();
        assertThat(unmarked).as("packages of %s without @NullMarked in package-info.java", module).isEmpty();
    }

    private static boolean nullMarked(Path packageInfo) {
        try {
            return Files.exists(packageInfo) && Files.readString(packageInfo).lines()
                    .anyMatch(line -> line.strip().equals("@NullMarked")
                            || line.strip().equals("@org.jspecify.annotations.NullMarked"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
