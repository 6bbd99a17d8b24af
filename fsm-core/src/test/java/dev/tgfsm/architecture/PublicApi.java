package dev.tgfsm.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import dev.tgfsm.Internal;

/**
 * The public API of one compiled module: its public top-level types that are not marked
 * {@link Internal}, read from the module's classes folder (or its jar in a reactor build), and the
 * checked-in list they are compared with.
 */
public final class PublicApi {

    private PublicApi() {
    }

    /**
     * The public top-level types under a package prefix, in the module that holds a class, that do
     * not carry {@link Internal}.
     *
     * @param member any main class of the module
     * @param prefix the dotted package prefix, such as {@code dev.tgfsm}
     * @return the fully qualified names, sorted
     */
    public static Set<String> ofModuleOf(Class<?> member, String prefix) {
        Set<String> api = new TreeSet<>();
        for (String name : classNames(member)) {
            if (!name.startsWith(prefix + ".") || name.contains("$") || name.endsWith("package-info")) {
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, member.getClassLoader());
            }
            catch (ClassNotFoundException ex) {
                throw new IllegalStateException(name, ex);
            }
            if (Modifier.isPublic(type.getModifiers()) && !type.isAnnotationPresent(Internal.class)) {
                api.add(name);
            }
        }
        return api;
    }

    /**
     * Reads a checked-in list of type names from the class path: one fully qualified name a line,
     * blank lines and lines starting with {@code #} ignored.
     *
     * @param resource the resource path
     * @return the names, sorted
     */
    public static Set<String> listed(String resource) {
        try (InputStream in = PublicApi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the class path");
            }
            Set<String> names = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
            return names;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(resource, ex);
        }
    }

    private static List<String> classNames(Class<?> member) {
        Path location;
        try {
            location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .forEach(f -> names.add(className(location.relativize(f).toString())));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : jar.stream().toList()) {
                    if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                        names.add(className(entry.getName()));
                    }
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(location.toString(), ex);
            }
        }
        return names;
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('\\', '/').replace('/', '.');
    }
}
