package dev.tgfsm.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ByteArrayResource;

/**
 * Reads a YAML block of the project's README as flat properties, so tests run the README's snippets as written.
 */
final class ReadmeYaml {

    private ReadmeYaml() {
    }

    /**
     * Returns the properties of one YAML block of a README section.
     *
     * @param heading the section's heading line, such as {@code ### Configuration}
     * @param index which of the section's YAML blocks, from 0
     * @return the block's properties, flattened ({@code spring.flyway.locations}), in file order
     */
    static Map<String, String> block(String heading, int index) {
        String readme;
        try {
            readme = Files.readString(Path.of("..", "README.md"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        String section = readme.substring(readme.indexOf(heading));
        int start = -1;
        for (int i = 0; i <= index; i++) {
            start = section.indexOf("```yaml\n", start + 1);
        }
        String yaml = section.substring(start + "```yaml\n".length(), section.indexOf("```", start + 8));
        YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
        factory.setResources(new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> properties = new LinkedHashMap<>();
        factory.getObject().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        return properties;
    }
}
