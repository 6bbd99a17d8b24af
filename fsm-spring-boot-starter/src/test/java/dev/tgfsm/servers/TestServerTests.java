package dev.tgfsm.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import dev.tgfsm.servers.TestServer.Choice;
import dev.tgfsm.servers.TestServer.Kind;

/**
 * Where the integration tests' Redis, PostgreSQL and MariaDB come from, without Docker and without
 * the servers: the environment's URL first, then the default local port, then a Testcontainers
 * container when Docker is available (the container's start is not part of the choice); with none
 * of them the tests are skipped with the reason, and with {@code CI=true} they fail, never skip.
 */
class TestServerTests {

    private final AtomicInteger dockerAsked = new AtomicInteger();

    private final List<String> probed = new CopyOnWriteArrayList<>();

    private BooleanSupplier docker(boolean available) {
        return () -> {
            dockerAsked.incrementAndGet();
            return available;
        };
    }

    private BiPredicate<String, Integer> listening(Integer... ports) {
        return (host, port) -> {
            probed.add(host + ":" + port);
            return List.of(ports).contains(port);
        };
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void theEnvironmentsUrlComesFirstAndNothingElseIsAsked() {
        for (TestServer server : TestServer.values()) {
            String variable = switch (server) {
                case REDIS -> "TGFSM_TEST_REDIS_URL";
                case POSTGRES -> "TGFSM_TEST_POSTGRES_URL";
                case MARIADB -> "TGFSM_TEST_MARIADB_URL";
            };
            Choice choice = server.choose(env(variable, "db://elsewhere:1", "CI", "true"), listening(6379, 5432, 3306),
                    docker(true));
            assertThat(choice.kind()).as(server.name()).isEqualTo(Kind.URL);
            assertThat(choice.url()).isEqualTo("db://elsewhere:1");
        }
        assertThat(probed).isEmpty();
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void theDefaultLocalPortComesNextAndDockerIsNotAsked() {
        assertThat(TestServer.REDIS.choose(env(), listening(6379), docker(true)).url())
                .isEqualTo("redis://127.0.0.1:6379");
        assertThat(TestServer.POSTGRES.choose(env(), listening(5432), docker(true)).url())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        assertThat(TestServer.MARIADB.choose(env(), listening(3306), docker(true)).url())
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        assertThat(probed).containsExactly("127.0.0.1:6379", "127.0.0.1:5432", "127.0.0.1:3306");
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void withoutAUrlOrAServerOnThePortTestcontainersIsUsedWhenDockerIsAvailable() {
        for (TestServer server : TestServer.values()) {
            assertThat(server.choose(env("CI", "true"), listening(), docker(true)).kind()).as(server.name())
                    .isEqualTo(Kind.CONTAINER);
        }
        assertThat(dockerAsked).hasValue(3);
    }

    @Test
    void noServerAnywhereSkipsOutsideCiWithTheReason() {
        for (String ci : new String[]{null, "false", ""}) {
            Map<String, String> env = ci == null ? env() : env("CI", ci);
            Choice choice = TestServer.POSTGRES.choose(env, listening(), docker(false));
            assertThat(choice.kind()).isEqualTo(Kind.SKIP);
            assertThat(choice.reason()).contains("POSTGRES not found", "TGFSM_TEST_POSTGRES_URL is not set",
                    "nothing listens on 127.0.0.1:5432", "no Docker engine");
        }
    }

    @Test
    void noServerAnywhereFailsWithCiTrueAndNeverSkips() {
        for (TestServer server : TestServer.values()) {
            for (String ci : new String[]{"true", "TRUE"}) {
                Choice choice = server.choose(env("CI", ci), listening(), docker(false));
                assertThat(choice.kind()).as(server.name()).isEqualTo(Kind.FAIL);
                assertThat(choice.reason()).contains(server.name() + " not found",
                        "CI=true, so this fails instead of skipping");
            }
        }
    }

    @Test
    void aContainerThatDoesNotStartSkipsOutsideCiAndFailsOnCi() {
        Choice outside = TestServer.MARIADB.choose(env(), listening(), docker(true));
        assertThat(outside.failed("Testcontainers failed: boom").kind()).isEqualTo(Kind.SKIP);
        Choice ci = TestServer.MARIADB.choose(env("CI", "true"), listening(), docker(true));
        Choice failed = ci.failed("Testcontainers failed: boom");
        assertThat(failed.kind()).isEqualTo(Kind.FAIL);
        assertThat(failed.reason()).contains("Testcontainers failed: boom", "CI=true");
    }
}
