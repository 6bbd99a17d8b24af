package dev.tgfsm.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which package uses which, among the packages of one compiled module, with the classes that make
 * each dependency: built from the constant pools of the module's class files ({@link ClassReferences}),
 * so it sees what the compiler wrote, not what the sources import.
 */
public final class PackageGraph {

    /** From package, to package, the classes of the from package that refer to the other. */
    private final Map<String, Map<String, Set<String>>> uses;

    private PackageGraph(Map<String, Map<String, Set<String>>> uses) {
        this.uses = uses;
    }

    /**
     * Reads the packages under a prefix in the module that holds a class: its classes folder, or its
     * jar when a reactor build put the jar on the class path.
     *
     * @param member any main class of the module
     * @param prefix the dotted package prefix of the packages to keep, such as {@code dev.tgfsm}
     * @return the dependencies among the module's packages under the prefix; a dependency on a package
     *         of another module is left out, since it cannot close a cycle inside this one
     */
    public static PackageGraph ofModuleOf(Class<?> member, String prefix) {
        Path location;
        try {
            location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
        List<ClassReferences> classes = Files.isDirectory(location) ? readFolder(location) : readJar(location);
        String slashed = prefix.replace('.', '/') + "/";
        List<ClassReferences> kept = classes.stream().filter(c -> c.name().startsWith(slashed)).toList();
        return of(kept);
    }

    /**
     * Builds the graph of a set of classes: a node for every package that holds one of them.
     *
     * @param classes the classes
     * @return the graph
     */
    public static PackageGraph of(List<ClassReferences> classes) {
        Map<String, Map<String, Set<String>>> uses = new TreeMap<>();
        for (ClassReferences c : classes) {
            uses.computeIfAbsent(ClassReferences.packageOf(c.name()), p -> new TreeMap<>());
        }
        for (ClassReferences c : classes) {
            String from = ClassReferences.packageOf(c.name());
            for (String target : c.referenced()) {
                String to = ClassReferences.packageOf(target);
                if (!to.equals(from) && uses.containsKey(to)) {
                    uses.get(from).computeIfAbsent(to, p -> new TreeSet<>()).add(c.name().replace('/', '.'));
                }
            }
        }
        return new PackageGraph(uses);
    }

    /**
     * Returns the packages of the module.
     *
     * @return the dotted package names, sorted
     */
    public Set<String> packages() {
        return uses.keySet();
    }

    /**
     * Returns the packages one package uses.
     *
     * @param pkg a package of the module
     * @return the packages of the module it refers to, sorted
     */
    public Set<String> usedBy(String pkg) {
        return uses.getOrDefault(pkg, Map.of()).keySet();
    }

    /**
     * Tells whether one package uses another.
     *
     * @param from the using package
     * @param to the used package
     * @return {@code true} if a class of {@code from} refers to a class of {@code to}
     */
    public boolean uses(String from, String to) {
        return usedBy(from).contains(to);
    }

    /**
     * Returns a copy without some dependencies, such as known ones waiting for a fix.
     *
     * @param dependencies the dependencies to leave out, each written {@code from -> to}
     * @return the graph without them
     */
    public PackageGraph without(Set<String> dependencies) {
        Map<String, Map<String, Set<String>>> kept = new TreeMap<>();
        uses.forEach((from, targets) -> {
            Map<String, Set<String>> copy = new TreeMap<>(targets);
            copy.keySet().removeIf(to -> dependencies.contains(from + " -> " + to));
            kept.put(from, copy);
        });
        return new PackageGraph(kept);
    }

    /**
     * Returns every set of packages that use each other in a circle (the strongly connected
     * components with more than one package), each described by its dependencies and the classes
     * that make them.
     *
     * @return the cycles, one line per dependency inside a cycle; empty when there is none
     */
    public List<String> cycles() {
        List<String> found = new ArrayList<>();
        for (Set<String> component : new Components().of()) {
            if (component.size() > 1) {
                StringBuilder text = new StringBuilder("cycle among " + component + ":");
                for (String from : component) {
                    uses.get(from).forEach((to, classes) -> {
                        if (component.contains(to)) {
                            text.append("\n  ").append(from).append(" -> ").append(to).append(" (")
                                    .append(String.join(", ", classes)).append(")");
                        }
                    });
                }
                found.add(text.toString());
            }
        }
        return found;
    }

    /** Tarjan's strongly connected components over {@link #uses}. */
    private final class Components {

        private final Map<String, Integer> index = new HashMap<>();

        private final Map<String, Integer> low = new HashMap<>();

        private final Deque<String> stack = new ArrayDeque<>();

        private final Set<String> onStack = new TreeSet<>();

        private final List<Set<String>> components = new ArrayList<>();

        List<Set<String>> of() {
            for (String pkg : uses.keySet()) {
                if (!index.containsKey(pkg)) {
                    visit(pkg);
                }
            }
            return components;
        }

        private void visit(String pkg) {
            index.put(pkg, index.size());
            low.put(pkg, index.get(pkg));
            stack.push(pkg);
            onStack.add(pkg);
            for (String next : uses.get(pkg).keySet()) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(pkg, Math.min(low.get(pkg), low.get(next)));
                }
                else if (onStack.contains(next)) {
                    low.put(pkg, Math.min(low.get(pkg), index.get(next)));
                }
            }
            if (low.get(pkg).equals(index.get(pkg))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                }
                while (!member.equals(pkg));
                components.add(component);
            }
        }
    }

    private static List<ClassReferences> readFolder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".class")).map(f -> {
                try {
                    return ClassReferences.read(Files.readAllBytes(f));
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(f.toString(), ex);
                }
            }).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<ClassReferences> readJar(Path jar) {
        List<ClassReferences> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        classes.add(ClassReferences.read(in.readAllBytes()));
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(jar.toString(), ex);
        }
        return classes;
    }
}
