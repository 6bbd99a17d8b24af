package dev.tgfsm.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The fenced code blocks of the project's README, found by the marker line written right above each
 * one: {@code <!-- snippet: name -->}, or {@code <!-- snippet: name; not run: reason -->} for a block
 * no test can run (HTML comments, so GitHub does not show them). Every README test reads its snippet
 * here, by name, so the tests run the README as written.
 */
public final class ReadmeSnippets {

    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([a-z0-9-]+)(?:; not run: (.+?))? -->");

    private static final Pattern FENCE = Pattern.compile("```([a-z]*)");

    private ReadmeSnippets() {
    }

    /**
     * One fenced block of the README.
     *
     * @param name its marker's name, or {@code null} when it has no marker
     * @param language the fence's language ({@code java}, {@code yaml}, ...), empty when none
     * @param text the block's content, without the fences
     * @param line the line number of the opening fence, from 1
     * @param notRun why no test runs it, or {@code null} when a test does
     */
    public record Snippet(@Nullable String name, String language, String text, int line, @Nullable String notRun) {
    }

    /**
     * Returns the README: {@code README.md} of the first folder up from the working directory that has one.
     *
     * @return its path
     */
    public static Path readme() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.exists(folder.resolve("README.md"))) {
            folder = folder.getParent();
        }
        if (folder == null) {
            throw new IllegalStateException("No README.md above " + Path.of("").toAbsolutePath());
        }
        return folder.resolve("README.md");
    }

    /**
     * Returns every fenced block of the README, in file order.
     *
     * @return the blocks
     */
    public static List<Snippet> all() {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            Matcher marker = MARKER.matcher(i > 0 ? lines.get(i - 1).strip() : "");
            boolean marked = marker.matches();
            String text = String.join("\n", lines.subList(i + 1, Math.min(end, lines.size()))) + "\n";
            snippets.add(new Snippet(marked ? marker.group(1) : null, fence.group(1), text, i + 1,
                    marked ? marker.group(2) : null));
            i = end;
        }
        return snippets;
    }

    /**
     * Returns the block marked with a name.
     *
     * @param name the marker's name
     * @return the block
     * @throws IllegalStateException when no block or several have that name
     */
    public static Snippet snippet(String name) {
        List<Snippet> found = all().stream().filter(s -> name.equals(s.name())).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("README.md has " + found.size() + " blocks marked <!-- snippet: " + name
                    + " -->, expected one");
        }
        return found.get(0);
    }

    /**
     * Returns a marked block's text.
     *
     * @param name the marker's name
     * @return the text, without the fences
     */
    public static String text(String name) {
        return snippet(name).text();
    }

    /**
     * Returns code with every line stripped and blank lines left out, to find a README block in a source
     * file whatever its indentation.
     *
     * @param code the code
     * @return the normalized code
     */
    public static String normalized(String code) {
        return String.join("\n", code.lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
    }

    /**
     * Returns a marked YAML block as property sources, loaded as Spring Boot loads {@code application.yml}.
     *
     * @param name the marker's name
     * @return one source per YAML document
     */
    public static List<PropertySource<?>> yamlSources(String name) {
        Snippet snippet = snippet(name);
        if (!snippet.language().equals("yaml")) {
            throw new IllegalStateException("README block " + name + " is " + snippet.language() + ", not yaml");
        }
        return loadYaml(snippet.text());
    }

    /**
     * Loads YAML as Spring Boot loads {@code application.yml}.
     *
     * @param yaml the YAML, several documents separated by {@code ---} lines
     * @return one source per document
     */
    public static List<PropertySource<?>> loadYaml(String yaml) {
        try {
            return new YamlPropertySourceLoader().load("README.md",
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Returns a marked YAML block as flat properties ({@code spring.flyway.locations}), in file order,
     * placeholders unresolved.
     *
     * @param name the marker's name
     * @return the properties
     */
    public static Map<String, String> yaml(String name) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (PropertySource<?> source : yamlSources(name)) {
            EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
            for (String key : enumerable.getPropertyNames()) {
                properties.put(key, String.valueOf(enumerable.getProperty(key)));
            }
        }
        return properties;
    }

    /**
     * Returns a marked YAML block as {@code key=value} pairs, for {@code withPropertyValues}.
     *
     * @param name the marker's name
     * @return the pairs
     */
    public static String[] propertyValues(String name) {
        return yaml(name).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
