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
 * the application the other README tests start is the one a reader builds from the README, and its
 * tgfsm test dependency is the kit of "Testing your bot".
 */
class ReadmeDependenciesTests {

    @Test
    void theModulesDependenciesAreTheReadmes() throws Exception {
        Document root = parse(Path.of("..", "pom.xml").toFile().toURI().toString());
        Map<String, String> versions = Map.of("${project.version}", text(root.getDocumentElement(), "version"),
                "${telegrambots.version}", text(root.getDocumentElement(), "telegrambots.version"));
        List<String> compile = new ArrayList<>();
        List<String> test = new ArrayList<>();
        NodeList dependencies = parse(Path.of("pom.xml").toFile().toURI().toString())
                .getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String scope = text(dependency, "scope");
            if (scope.isEmpty()) {
                compile.add(coordinates(dependency, versions));
            }
            else if (text(dependency, "groupId").equals("dev.tgfsm") && text(dependency, "type").isEmpty()) {
                test.add(coordinates(dependency, versions) + ":" + scope);
            }
        }

        assertThat(compile).as("readme-check/pom.xml against the README's Adding tgfsm")
                .containsExactlyElementsOf(readme("dependencies", false))
                .contains("dev.tgfsm:fsm-spring-boot-starter:" + versions.get("${project.version}"));
        assertThat(test).as("readme-check/pom.xml against the README's Testing your bot")
                .containsExactlyElementsOf(readme("testing-dependency", true));
    }

    /** The dependencies of a README snippet, as {@code group:artifact:version}, with {@code :scope} if asked. */
    private static List<String> readme(String snippet, boolean withScope) throws Exception {
        String xml = "<dependencies>" + ReadmeSnippets.text(snippet) + "</dependencies>";
        NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagName("dependency");
        List<String> documented = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            documented.add(coordinates(dependency, Map.of()) + (withScope ? ":" + text(dependency, "scope") : ""));
        }
        return documented;
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
