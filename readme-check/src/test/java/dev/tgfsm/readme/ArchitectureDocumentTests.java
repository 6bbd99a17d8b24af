package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md stays true: it names every module of the build, lists under each module exactly the
 * packages that have a {@code package-info.java} in its main source tree, and names no package that
 * does not exist.
 */
class ArchitectureDocumentTests {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private static final Pattern SECTION = Pattern.compile("^### `([^`]+)`\\s*$");

    private static final Pattern PACKAGE_LINE = Pattern.compile("^- `(dev\\.tgfsm[a-z0-9.]*)`: \\S.*$");

    private static final Pattern MODULE_LINE = Pattern.compile("^- `([a-z0-9-]+)`: \\S.*$");

    /** A package named anywhere: lower-case segments only, so that class names are not taken for one. */
    private static final Pattern PACKAGE_NAMED = Pattern.compile("`(dev\\.tgfsm(?:\\.[a-z][a-z0-9]*)*)`");

    private final Path root = rootFolder();

    private final List<String> lines = read(root.resolve("ARCHITECTURE.md"));

    private static Path rootFolder() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.exists(folder.resolve("ARCHITECTURE.md"))) {
            folder = folder.getParent();
        }
        if (folder == null) {
            throw new IllegalStateException("No ARCHITECTURE.md above " + Path.of("").toAbsolutePath());
        }
        return folder;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + file, ex);
        }
    }

    /** The modules of the build, profiles included, in the order of the root pom. */
    private List<String> modules() {
        Matcher matcher = MODULE.matcher(String.join("\n", read(root.resolve("pom.xml"))));
        List<String> modules = new ArrayList<>();
        while (matcher.find()) {
            modules.add(matcher.group(1).trim());
        }
        return modules;
    }

    /** The packages with a {@code package-info.java} under a source tree of a module. */
    private Set<String> packages(String module, String tree) {
        Path sources = root.resolve(module).resolve("src").resolve(tree).resolve("java");
        Set<String> packages = new TreeSet<>();
        if (!Files.isDirectory(sources)) {
            return packages;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.getFileName().toString().equals("package-info.java"))
                    .forEach(f -> packages.add(sources.relativize(f.getParent()).toString().replace('/', '.')));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot list " + sources, ex);
        }
        return packages;
    }

    /** The package lines of ARCHITECTURE.md, by the module section they stand in. */
    private Map<String, List<String>> listedPackages() {
        Map<String, List<String>> listed = new LinkedHashMap<>();
        String section = null;
        for (String line : lines) {
            Matcher heading = SECTION.matcher(line);
            if (heading.matches()) {
                section = heading.group(1);
                listed.put(section, new ArrayList<>());
            }
            else if (line.startsWith("## ")) {
                section = null;
            }
            else if (section != null) {
                Matcher item = PACKAGE_LINE.matcher(line);
                if (item.matches()) {
                    listed.get(section).add(item.group(1));
                }
            }
        }
        return listed;
    }

    @Test
    void everyModuleOfTheBuildHasItsLine() {
        Set<String> described = new TreeSet<>();
        for (String line : lines) {
            Matcher item = MODULE_LINE.matcher(line);
            if (item.matches()) {
                described.add(item.group(1));
            }
        }

        assertThat(modules()).as("the modules of the root pom").isNotEmpty().contains("fsm-core");
        assertThat(described).as("modules described in ARCHITECTURE.md").containsExactlyInAnyOrderElementsOf(modules());
    }

    @Test
    void eachModulesSectionListsExactlyItsMainPackages() {
        Map<String, List<String>> listed = listedPackages();
        Map<String, Set<String>> actual = new LinkedHashMap<>();
        for (String module : modules()) {
            Set<String> main = packages(module, "main");
            if (!main.isEmpty()) {
                actual.put(module, main);
            }
        }

        assertThat(actual).as("modules with main packages").containsKey("fsm-core")
                .containsKey("fsm-spring-boot-starter");
        assertThat(listed.keySet()).as("module sections (### `module`) of ARCHITECTURE.md")
                .containsExactlyInAnyOrderElementsOf(actual.keySet());
        actual.forEach((module, main) -> {
            assertThat(listed.get(module)).as("package lines under ### `%s`", module).doesNotHaveDuplicates();
            assertThat(listed.get(module)).as("package lines under ### `%s` (a package with a package-info.java in"
                    + " %s/src/main/java needs one; one that is gone loses it)", module, module)
                    .containsExactlyInAnyOrderElementsOf(main);
        });
    }

    @Test
    void everyPackageNamedExists() {
        Set<String> existing = new TreeSet<>();
        for (String module : modules()) {
            existing.addAll(packages(module, "main"));
            existing.addAll(packages(module, "test"));
        }
        Set<String> named = new TreeSet<>();
        for (String line : lines) {
            Matcher matcher = PACKAGE_NAMED.matcher(line);
            while (matcher.find()) {
                named.add(matcher.group(1));
            }
        }

        assertThat(named).as("packages named in ARCHITECTURE.md").contains("dev.tgfsm.storage");
        assertThat(existing).as("packages of the build").containsAll(named);
    }
}
