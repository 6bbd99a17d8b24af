package dev.tgfsm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import dev.tgfsm.autoconfigure.album.AlbumProperties;

/**
 * The README's album snippets cannot drift: the Java one is the sample's {@link AlbumController}
 * (compiled with the sample and answered in {@code SampleAlbumTakeOverIT}), and the YAML one binds
 * to the album properties.
 */
class ReadmeAlbumSnippetTests {

    private static String section() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("### Albums");
        assertThat(start).as("README has an Albums section").isNotNegative();
        int end = readme.indexOf("\n### ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static String block(String section, String language) {
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("a %s snippet", language).isTrue();
        return m.group(1);
    }

    private static String normalized(String code) {
        return String.join("\n", code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    @Test
    void theJavaSnippetIsTheSamplesAlbumController() throws Exception {
        String snippet = normalized(block(section(), "java"));
        String source = normalized(Files.readString(Path.of("src", "main", "java", "dev", "tgfsm", "sample",
                "AlbumController.java"), StandardCharsets.UTF_8));
        assertThat(source).contains(snippet);
    }

    @Test
    void theYamlSnippetBindsToTheAlbumProperties() throws Exception {
        byte[] yaml = block(section(), "yaml").getBytes(StandardCharsets.UTF_8);
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("readme", new ByteArrayResource(yaml));
        StandardEnvironment environment = new StandardEnvironment();
        sources.forEach(environment.getPropertySources()::addFirst);
        AlbumProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bind("tgfsm.albums", AlbumProperties.class).get();
        assertThat(properties.toConfig().quietTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.toConfig().takeOverAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.toConfig().maxParts()).isEqualTo(10);
    }
}
