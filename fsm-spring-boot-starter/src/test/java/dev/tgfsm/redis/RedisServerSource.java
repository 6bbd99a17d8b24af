package dev.tgfsm.redis;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.opentest4j.TestAbortedException;

/**
 * Where the private Redis servers of a test come from (a standalone server of its own, or the nodes of
 * a Cluster), decided as DESIGN.md section 8 says for servers a test must own (it kills, freezes or
 * counts them, so the shared one on 6379 will not do):
 * <ol>
 * <li>the {@code redis-server} named by {@code TGFSM_TEST_REDIS_SERVER} (a path; one that is not an
 * executable fails, wherever the test runs);</li>
 * <li>the first {@code redis-server} on the {@code PATH};</li>
 * <li>one in {@code /usr/bin} or {@code /usr/local/bin};</li>
 * <li>Testcontainers, when a Docker engine is available ({@link RedisContainers});</li>
 * <li>otherwise the test is skipped with the reason, except with {@code CI=true}, where it fails.</li>
 * </ol>
 * The decision is a function of the environment, the file system and Docker's availability, so a
 * unit test ({@code RedisServerSourceTests}) covers every branch without changing the machine.
 *
 * @param kind where the servers come from
 * @param executable the redis-server to run, for {@link Kind#BINARY}; otherwise empty
 * @param reason why, for the log and for a skip or failure
 */
record RedisServerSource(Kind kind, String executable, String reason) {

    /** The environment variable that names a redis-server binary explicitly. */
    static final String SERVER_VARIABLE = "TGFSM_TEST_REDIS_SERVER";

    /** The folders looked in after the PATH. */
    static final List<String> INSTALL_FOLDERS = List.of("/usr/bin", "/usr/local/bin");

    /** Where the servers come from. */
    enum Kind {
        /** A local redis-server binary, started as a process per server. */
        BINARY,
        /** A Testcontainers container of the Redis image. */
        CONTAINER,
        /** None: the test is skipped ({@code CI} is not {@code true}). */
        SKIP,
        /** None, or an explicit setting that is wrong: the test fails. */
        FAIL
    }

    RedisServerSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(reason, "reason");
    }

    /** The decision for this machine, made once per JVM. */
    static RedisServerSource current() {
        return Holder.CURRENT;
    }

    /**
     * Decides where private Redis servers come from.
     *
     * @param env the environment ({@code TGFSM_TEST_REDIS_SERVER}, {@code PATH}, {@code CI})
     * @param executable whether a path is an executable file
     * @param docker whether a Docker engine is available; asked only when no binary is found
     * @return the decision
     */
    static RedisServerSource choose(Map<String, String> env, Predicate<String> executable, BooleanSupplier docker) {
        String explicit = env.get(SERVER_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            if (executable.test(explicit)) {
                return new RedisServerSource(Kind.BINARY, explicit, SERVER_VARIABLE + "=" + explicit);
            }
            return new RedisServerSource(Kind.FAIL, "", SERVER_VARIABLE + "=" + explicit
                    + " is not an executable file: correct it or unset it");
        }
        List<String> folders = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            for (String folder : path.split(File.pathSeparator)) {
                if (!folder.isEmpty()) {
                    folders.add(folder);
                }
            }
        }
        folders.addAll(INSTALL_FOLDERS);
        for (String folder : folders) {
            String candidate = new File(folder, "redis-server").getPath();
            if (executable.test(candidate)) {
                return new RedisServerSource(Kind.BINARY, candidate, "found " + candidate);
            }
        }
        String missing = "redis-server is not installed (" + SERVER_VARIABLE
                + " is not set; looked on the PATH, /usr/bin, /usr/local/bin)";
        String dockerReason;
        try {
            if (docker.getAsBoolean()) {
                return new RedisServerSource(Kind.CONTAINER, "", missing + "; using Testcontainers");
            }
            dockerReason = "no Docker engine for Testcontainers";
        }
        catch (RuntimeException | LinkageError ex) {
            dockerReason = "Testcontainers failed: " + ex;
        }
        String reason = missing + " and " + dockerReason;
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            return new RedisServerSource(Kind.FAIL, "", reason + " (CI=true, so this fails instead of skipping)");
        }
        return new RedisServerSource(Kind.SKIP, "", reason);
    }

    /**
     * Throws what a test that needs a server gets when none can be had: the skip outside CI, the
     * failure otherwise. Does nothing for {@link Kind#BINARY} and {@link Kind#CONTAINER}.
     *
     * @throws TestAbortedException for {@link Kind#SKIP}
     * @throws IllegalStateException for {@link Kind#FAIL}
     */
    void requireAvailable() {
        if (kind == Kind.SKIP) {
            System.err.println("SKIPPING: " + reason);
            throw new TestAbortedException(reason);
        }
        if (kind == Kind.FAIL) {
            throw new IllegalStateException(reason);
        }
    }

    /** Whether a path is an executable regular file. */
    static boolean isExecutable(String path) {
        File file = new File(path);
        return file.isFile() && file.canExecute();
    }

    private static final class Holder {

        static final RedisServerSource CURRENT = choose(System.getenv(), RedisServerSource::isExecutable,
                RedisContainers::dockerAvailable);
    }
}
