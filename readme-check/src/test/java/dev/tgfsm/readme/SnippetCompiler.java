package dev.tgfsm.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the README's Java snippets as a reader would paste them: each into its own file of package
 * {@code readme}, with the imports the README leaves out, wrapped in a class where the snippet is a
 * member (a {@code @Bean} method, a handler method).
 */
final class SnippetCompiler {

    /** The package of the compiled snippets. */
    static final String PACKAGE = "readme";

    /** The prefix of a {@code wrappers} key that names a source file of the test's own instead of a snippet. */
    static final String OWN = "own:";

    /** The imports the README's snippets leave out. */
    private static final String IMPORTS = """
            import java.util.*;
            import java.util.concurrent.CompletableFuture;
            import org.springframework.context.annotation.*;
            import org.springframework.stereotype.*;
            import dev.tgfsm.album.*;
            import dev.tgfsm.annotation.*;
            import dev.tgfsm.context.*;
            import dev.tgfsm.conversation.*;
            import dev.tgfsm.flow.*;
            import dev.tgfsm.pipeline.*;
            import dev.tgfsm.scope.*;
            import dev.tgfsm.state.*;
            import dev.tgfsm.wizard.*;
            """;

    private SnippetCompiler() {
    }

    /**
     * Compiles README snippets against the test class path.
     *
     * @param output where the sources and classes go
     * @param wrappers by snippet name: the file's content, with {@code %s} where the snippet goes
     * @return a class loader that sees the compiled classes
     * @throws AssertionError with the compiler's messages and the file when a snippet does not compile
     */
    static URLClassLoader compile(Path output, Map<String, String> wrappers) {
        compile(output, wrappers, System.getProperty("java.class.path"));
        try {
            return new URLClassLoader(new URL[]{output.resolve("classes").toUri().toURL()},
                    SnippetCompiler.class.getClassLoader());
        }
        catch (MalformedURLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Compiles README snippets, and any further source files given as snippets, against a class path.
     *
     * @param output where the sources go ({@code src}) and the classes ({@code classes})
     * @param wrappers by snippet name: the file's content, with {@code %s} where the snippet goes
     * @param classPath the class path to compile against
     * @return the folder of the compiled classes
     * @throws AssertionError with the compiler's messages and the file when a snippet does not compile
     */
    static Path compile(Path output, Map<String, String> wrappers, String classPath) {
        try {
            Path sources = Files.createDirectories(output.resolve("src").resolve(PACKAGE));
            Path classes = Files.createDirectories(output.resolve("classes"));
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> wrapper : wrappers.entrySet()) {
                // a key OWN + "Name" is a file of the test's own (a main class), not a snippet
                boolean own = wrapper.getKey().startsWith(OWN);
                Path file = sources.resolve(own ? wrapper.getKey().substring(OWN.length()) + ".java"
                        : "Snippet_" + wrapper.getKey().replace('-', '_') + ".java");
                Files.writeString(file, "package " + PACKAGE + ";\n\n" + IMPORTS + "\n"
                        + (own ? wrapper.getValue()
                                : wrapper.getValue().formatted(ReadmeSnippets.text(wrapper.getKey()))));
                files.add(file);
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager manager = compiler.getStandardFileManager(diagnostics, null, null)) {
                boolean compiled = compiler.getTask(null, manager, diagnostics,
                        List.of("-classpath", classPath, "-d", classes.toString(),
                                "-parameters", "-proc:none"),
                        null, manager.getJavaFileObjectsFromPaths(files)).call();
                if (!compiled) {
                    StringBuilder message = new StringBuilder("README snippets do not compile:");
                    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                        message.append("\n").append(d.getKind()).append(" ").append(d.getSource() == null ? ""
                                : Path.of(d.getSource().toUri()).getFileName()).append(":").append(d.getLineNumber())
                                .append(": ").append(d.getMessage(null));
                    }
                    throw new AssertionError(message);
                }
            }
            return classes;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
