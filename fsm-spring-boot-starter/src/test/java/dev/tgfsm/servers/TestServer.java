package dev.tgfsm.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.opentest4j.TestAbortedException;

/**
 * The real servers integration tests run against, found as DESIGN.md section 8 says: an explicit
 * URL from the environment, then the default local port, then a Testcontainers container when a
 * Docker engine is available. When none is found the test is skipped with the reason, except when
 * {@code CI=true}, where it fails.
 *
 * <p>Resolution happens once per JVM and server. Use {@link RequiresServers} on a test class to
 * resolve (or skip) before any test runs, then read {@link #url()}.
 */
public enum TestServer {

    /** Redis; URL form {@code redis://host:port}. */
    REDIS("TGFSM_TEST_REDIS_URL", 6379, "redis://127.0.0.1:6379") {
        @Override
        String startContainer() {
            var container = new com.redis.testcontainers.RedisContainer(
                    com.redis.testcontainers.RedisContainer.DEFAULT_IMAGE_NAME.withTag("7.2"));
            container.start();
            return container.getRedisURI();
        }
    },

    /** PostgreSQL; URL form {@code jdbc:postgresql://host:port/db?user=...}. */
    POSTGRES("TGFSM_TEST_POSTGRES_URL", 5432, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres") {
        @Override
        String startContainer() {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return container.getJdbcUrl() + "&user=" + container.getUsername() + "&password=" + container.getPassword();
        }
    },

    /** MariaDB; URL form {@code jdbc:mariadb://host:port/db?user=...}. */
    MARIADB("TGFSM_TEST_MARIADB_URL", 3306, "jdbc:mariadb://127.0.0.1:3306/test?user=root") {
        @Override
        String startContainer() {
            var container = new org.testcontainers.mariadb.MariaDBContainer("mariadb:11");
            container.start();
            return container.getJdbcUrl() + "?user=" + container.getUsername() + "&password=" + container.getPassword();
        }
    };

    private static final Map<TestServer, Supplier<String>> RESOLVED = new ConcurrentHashMap<>();

    private final String envVariable;

    private final int defaultPort;

    private final String defaultUrl;

    TestServer(String envVariable, int defaultPort, String defaultUrl) {
        this.envVariable = envVariable;
        this.defaultPort = defaultPort;
        this.defaultUrl = defaultUrl;
    }

    abstract String startContainer();

    /**
     * Returns the URL of the server, resolving it on first use.
     *
     * @return the URL
     * @throws TestAbortedException if no server is found outside CI
     * @throws IllegalStateException if no server is found on CI
     */
    public String url() {
        return RESOLVED.computeIfAbsent(this, s -> s.resolve()).get();
    }

    /**
     * Returns the host of the resolved server.
     *
     * @return the host
     */
    public String host() {
        return uri().getHost();
    }

    /**
     * Returns the port of the resolved server.
     *
     * @return the port
     */
    public int port() {
        return uri().getPort();
    }

    private URI uri() {
        String url = url();
        return URI.create(url.startsWith("jdbc:") ? url.substring(5) : url);
    }

    private Supplier<String> resolve() {
        Choice choice = choose(System.getenv(), TestServer::reachable, () -> {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            }
            catch (Throwable ex) {
                // Testcontainers missing from the class path, or its Docker check broken: no Docker
                return false;
            }
        });
        if (choice.kind() == Kind.CONTAINER) {
            try {
                String url = startContainer();
                return () -> url;
            }
            catch (Throwable ex) {
                choice = choice.failed("Testcontainers failed: " + ex);
            }
        }
        return switch (choice.kind()) {
            case URL, CONTAINER -> {
                String url = choice.url();
                yield () -> url;
            }
            case FAIL -> {
                String message = choice.reason();
                yield () -> {
                    throw new IllegalStateException(message);
                };
            }
            case SKIP -> {
                System.err.println("SKIPPING: " + choice.reason());
                String message = choice.reason();
                yield () -> {
                    throw new TestAbortedException(message);
                };
            }
        };
    }

    /** How a server is found. */
    enum Kind {
        /** A URL: the environment's, or the default local port's. */
        URL,
        /** A Testcontainers container, to be started. */
        CONTAINER,
        /** None, outside CI: its tests are skipped with the reason. */
        SKIP,
        /** None, with {@code CI=true}: its tests fail with the reason, never skip. */
        FAIL
    }

    /**
     * What {@link #choose} found.
     *
     * @param kind how the server is found
     * @param url the URL for {@link Kind#URL}, else empty
     * @param reason why no server was found, for {@link Kind#SKIP} and {@link Kind#FAIL}, else empty
     * @param ci whether {@code CI=true}
     */
    record Choice(Kind kind, String url, String reason, boolean ci) {

        /** The choice after its container failed to start: skip, or fail on CI. */
        Choice failed(String why) {
            String message = reason + why;
            return ci ? new Choice(Kind.FAIL, "", message + " (CI=true, so this fails instead of skipping)", true)
                    : new Choice(Kind.SKIP, "", message, false);
        }
    }

    /**
     * Chooses where the server comes from, in DESIGN.md's order: the URL in the environment variable,
     * then the default local port, then Testcontainers when Docker is available; else skipped, or with
     * {@code CI=true} failed, never skipped.
     *
     * @param env the environment
     * @param reachable whether something listens on a host and port
     * @param docker whether a Docker engine is available (asked only when needed)
     * @return the choice
     */
    Choice choose(Map<String, String> env, java.util.function.BiPredicate<String, Integer> reachable,
            java.util.function.BooleanSupplier docker) {
        String explicit = env.get(envVariable);
        if (explicit != null && !explicit.isBlank()) {
            return new Choice(Kind.URL, explicit, "", false);
        }
        if (reachable.test("127.0.0.1", defaultPort)) {
            return new Choice(Kind.URL, defaultUrl, "", false);
        }
        boolean ci = "true".equalsIgnoreCase(env.get("CI"));
        String missing = name() + " not found: " + envVariable + " is not set, nothing listens on 127.0.0.1:"
                + defaultPort + ", and ";
        if (docker.getAsBoolean()) {
            return new Choice(Kind.CONTAINER, "", missing, ci);
        }
        return new Choice(Kind.CONTAINER, "", missing, ci).failed("no Docker engine for Testcontainers");
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
