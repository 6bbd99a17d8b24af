package dev.tgfsm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tgfsm.autoconfigure.OutageProperties;
import dev.tgfsm.flow.LibraryText;

/**
 * The shipped bundles are complete: English and German have the same codes, every code tgfsm uses
 * (its {@link LibraryText} registry, and every {@code tgfsm.*} code written in the sources of core
 * and starter) is in both, the English bundle says what the code's English default says, and each
 * German text takes the same arguments as the English one.
 */
class MessageBundlesTests {

    private static final Pattern LITERAL = Pattern.compile("\"(tgfsm\\.[a-z][\\w.-]*[\\w-])\"");

    private static final Pattern PREFIXED = Pattern.compile("PREFIX \\+ \"([\\w.-]+)\"");

    private static final Pattern PREFIX = Pattern.compile("String PREFIX = \"(tgfsm\\.[\\w.-]+)\"");

    private final Properties english = bundle("dev/tgfsm/messages.properties");

    private final Properties german = bundle("dev/tgfsm/messages_de.properties");

    @Test
    void englishAndGermanHaveTheSameCodes() {
        assertThat(german.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        assertThat(german.values()).allSatisfy(text -> assertThat((String) text).isNotBlank());
    }

    @Test
    void everyRegisteredTextIsInBothBundlesWithItsEnglishDefault() {
        for (LibraryText text : LibraryText.values()) {
            assertThat(english.getProperty(text.code())).as(text.code()).isEqualTo(text.english());
            assertThat(german.getProperty(text.code())).as(text.code()).isNotNull().isNotEqualTo(text.english());
        }
    }

    @Test
    void everyCodeTheSourcesUseIsInBothBundles() throws IOException {
        Set<String> namespaces = english.stringPropertyNames().stream()
                .map(code -> code.substring(0, code.indexOf('.', "tgfsm.".length()) + 1)).collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        for (String root : new String[]{"../fsm-core/src/main/java", "src/main/java"}) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    used.addAll(codesIn(Files.readString(file), namespaces));
                }
            }
        }
        assertThat(used).as("codes found in the sources").hasSizeGreaterThan(10);
        assertThat(english.stringPropertyNames()).containsAll(used);
        assertThat(german.stringPropertyNames()).containsAll(used);
    }

    @Test
    void theOutageSettingsDefaultIsTheTextItReplaces() {
        assertThat(OutageProperties.DEFAULT_NOTICE).isEqualTo(LibraryText.OUTAGE.setting());
    }

    @Test
    void germanTextsTakeTheArgumentsOfTheEnglishOnes() {
        for (String code : english.stringPropertyNames()) {
            assertThat(arguments(german.getProperty(code, ""))).as(code)
                    .isEqualTo(arguments(english.getProperty(code)));
        }
    }

    private static Set<String> codesIn(String source, Set<String> namespaces) {
        Set<String> codes = new TreeSet<>();
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            String code = literal.group(1);
            if (namespaces.stream().anyMatch(code::startsWith)) {
                codes.add(code);
            }
        }
        Matcher prefix = PREFIX.matcher(source);
        if (prefix.find()) {
            Matcher prefixed = PREFIXED.matcher(source);
            while (prefixed.find()) {
                if (!prefixed.group(1).endsWith(".")) {
                    codes.add(prefix.group(1) + prefixed.group(1));
                }
            }
        }
        return codes;
    }

    private static Set<Integer> arguments(String pattern) {
        MessageFormat format = new MessageFormat(pattern, Locale.ROOT);
        Set<Integer> indexes = new TreeSet<>();
        Object[] formats = format.getFormatsByArgumentIndex();
        for (int i = 0; i < formats.length; i++) {
            indexes.add(i);
        }
        return pattern.contains("{") ? indexes : Set.of();
    }

    private static Properties bundle(String resource) {
        Properties properties = new Properties();
        try (InputStream in = MessageBundlesTests.class.getClassLoader().getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return properties;
    }
}
