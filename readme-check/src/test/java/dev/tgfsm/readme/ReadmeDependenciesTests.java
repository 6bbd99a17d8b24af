package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * This module's dependencies are exactly the README's "Adding tgfsm to a bot", versions included, so
 * the application the other README tests start is the one a reader builds from the README.
 */
class ReadmeDependenciesTests {

    @Test
    void theModulesDependenciesAreTheReadmes() throws Exception {
        Document root = parse(Path.of("..", "pom.xml").toFile().toURI().toString());
        Map<String, String> versions = Map.of("${project.version}", text(root.getDocumentElement(), "version"),
                "${telegrambots.version}", text(root.getDocumentElement(), "telegrambots.version"));
        List<String> module = new ArrayList<>();
        NodeList dependencies = parse(Path.of("pom.xml").toFile().toURI().toString()).getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (text(dependency, "scope").isEmpty()) {
                module.add(coordinates(dependency, versions));
            }
        }

        String xml = "<dependencies>" + ReadmeSnippets.text("dependencies") + "</dependencies>";
        Document readme = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        List<String> documented = new ArrayList<>();
        NodeList readmeDependencies = readme.getElementsByTagName("dependency");
        for (int i = 0; i < readmeDependencies.getLength(); i++) {
            documented.add(coordinates((Element) readmeDependencies.item(i), Map.of()));
        }

        assertThat(module).as("readme-check/pom.xml against the README").containsExactlyElementsOf(documented)
                .contains("dev.tgfsm:fsm-spring-boot-starter:" + versions.get("${project.version}"));
    }

    private static Document parse(String uri) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(uri);
    }

    private static String coordinates(Element dependency, Map<String, String> versions) {
        String version = text(dependency, "version");
        return text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":"
                + versions.getOrDefault(version, version);
    }

    /** The text of an element's first direct child of that name, empty when none. */
    private static String text(Element parent, String name) {
        for (var child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        for (var child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals("properties")) {
                return text(element, name);
            }
        }
        return "";
    }
}
