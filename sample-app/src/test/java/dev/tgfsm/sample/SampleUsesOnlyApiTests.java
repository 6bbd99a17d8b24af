package dev.tgfsm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tgfsm.Internal;

/**
 * The sample shows how a bot is written with tgfsm, so it uses only the library's API: no source file
 * of the sample imports a type marked {@link Internal} (or a type nested in one).
 */
class SampleUsesOnlyApiTests {

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.tgfsm\\.[\\w.]+?)(?:\\.\\*)?;",
            Pattern.MULTILINE);

    @Test
    void sampleImportsNoInternalType() throws IOException {
        Set<String> internal = new TreeSet<>();
        int imports = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    imports++;
                    Class<?> type = typeOf(matcher.group(1));
                    if (type != null && isInternal(type)) {
                        internal.add(file.getFileName() + ": " + type.getName());
                    }
                }
            }
        }
        assertThat(imports).as("imports of tgfsm types found").isGreaterThan(50);
        assertThat(internal).as("sample sources that import an @Internal type").isEmpty();
    }

    /** The imported type, or the type owning an imported static member; {@code null} for a sample package. */
    private static Class<?> typeOf(String name) {
        String candidate = name;
        while (candidate.contains(".")) {
            Class<?> found = load(candidate);
            if (found != null) {
                return found;
            }
            int dot = candidate.lastIndexOf('.');
            String nested = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            found = load(nested);
            if (found != null) {
                return found;
            }
            candidate = candidate.substring(0, dot);
        }
        return null;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, SampleUsesOnlyApiTests.class.getClassLoader());
        }
        catch (ClassNotFoundException ex) {
            return null;
        }
    }

    private static boolean isInternal(Class<?> type) {
        for (Class<?> at = type; at != null; at = at.getEnclosingClass()) {
            if (at.isAnnotationPresent(Internal.class)) {
                return true;
            }
        }
        return false;
    }
}
