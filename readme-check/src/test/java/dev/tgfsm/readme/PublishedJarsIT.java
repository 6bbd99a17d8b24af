package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * Every jar of every published artifact carries the licence and the notice: the published artifacts
 * are those the BOM ({@code tgfsm-bom}) lists, every other module of the build is not deployed, and
 * each published module's main jar, test jar (where it builds one), sources jar and javadoc jar, as
 * this build made them, holds {@code META-INF/LICENSE} and {@code META-INF/NOTICE} with the text of
 * the repository's {@code LICENSE} and {@code NOTICE}. It runs after those modules in the reactor
 * ({@code readme-check} depends on all of them). A sources or javadoc jar is left out only when the
 * build was told to skip it ({@code -Dmaven.source.skip}, {@code -Dmaven.javadoc.skip}). Each main jar
 * names its {@code Automatic-Module-Name}, and the POMs carry what Maven Central asks for (name,
 * description, URL, licence, developers, SCM).
 */
class PublishedJarsIT {

    private static final Path ROOT = Path.of("..");

    @Test
    void everyPublishedJarCarriesTheLicenceAndTheNotice() throws Exception {
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        String version = first(rootPom, "<artifactId>tgfsm-parent</artifactId>\\s*<version>([^<]+)</version>");
        List<String> published = all(Files.readString(ROOT.resolve("tgfsm-bom").resolve("pom.xml")),
                "<artifactId>([^<]+)</artifactId>\\s*<version>\\$\\{project.version}</version>");
        assertThat(published).as("the BOM's artifacts").containsExactlyInAnyOrder("fsm-core",
                "fsm-spring-boot-starter", "fsm-test", "fsm-test-telegram");
        for (String module : all(rootPom, "<module>([^<]+)</module>")) {
            if (!published.contains(module) && !module.equals("tgfsm-bom")) {
                assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml"))).as("%s is not in the BOM", module)
                        .contains("<maven.deploy.skip>true</maven.deploy.skip>");
            }
        }

        // what Maven Central asks of every published POM (the modules inherit it from the parent; the BOM has no parent)
        for (Path pom : List.of(ROOT.resolve("pom.xml"), ROOT.resolve("tgfsm-bom").resolve("pom.xml"))) {
            assertThat(Files.readString(pom)).as(pom.toString()).contains("<name>", "<description>", "<url>",
                    "<licenses>", "Apache License, Version 2.0", "<developers>", "<scm>", "<connection>");
        }

        byte[] license = Files.readAllBytes(ROOT.resolve("LICENSE"));
        byte[] notice = Files.readAllBytes(ROOT.resolve("NOTICE"));
        assertThat(new String(license)).contains("Apache License", "Version 2.0");
        List<String> kinds = new ArrayList<>(List.of("", "-tests"));
        if (!skipped("tgfsm.sources.skipped")) {
            kinds.add("-sources");
        }
        if (!skipped("tgfsm.javadoc.skipped")) {
            kinds.add("-javadoc");
        }
        List<String> checked = new ArrayList<>();
        for (String artifact : published) {
            for (String kind : kinds) {
                Path jar = ROOT.resolve(artifact).resolve("target").resolve(artifact + "-" + version + kind + ".jar");
                if (kind.equals("-tests") && !Files.exists(jar)) {
                    continue; // this module builds no test jar
                }
                assertThat(jar).as("built by this build").exists();
                try (JarFile file = new JarFile(jar.toFile())) {
                    assertThat(content(file, "META-INF/LICENSE")).as("%s: META-INF/LICENSE", jar.getFileName())
                            .isEqualTo(license);
                    assertThat(content(file, "META-INF/NOTICE")).as("%s: META-INF/NOTICE", jar.getFileName())
                            .isEqualTo(notice);
                }
                if (kind.isEmpty()) {
                    try (JarFile file = new JarFile(jar.toFile())) {
                        assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                                .as("%s: Automatic-Module-Name", jar.getFileName()).startsWith("dev.tgfsm");
                    }
                }
                checked.add(jar.getFileName().toString());
            }
        }
        System.out.println("Licence and notice checked in " + checked);
        assertThat(checked).hasSizeGreaterThanOrEqualTo(published.size() * (kinds.size() - 1));
    }

    private static boolean skipped(String property) {
        return "true".equals(System.getProperty(property));
    }

    private static byte[] content(JarFile jar, String name) throws Exception {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as("%s in %s", name, jar.getName()).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1).strip();
    }

    private static List<String> all(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1).strip());
        }
        return found;
    }
}
