package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import dev.tgfsm.redis.RedisServerSource.Kind;

/**
 * Where private Redis servers and Cluster nodes come from: an explicit binary, the PATH's
 * redis-server, the install folders, Testcontainers; skipped only outside CI.
 */
class RedisServerSourceTests {

    private final AtomicInteger dockerAsked = new AtomicInteger();

    private BooleanSupplier docker(boolean available) {
        return () -> {
            dockerAsked.incrementAndGet();
            return available;
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
    void anExplicitBinaryComesFirstAndDockerIsNotAsked() {
        RedisServerSource source = RedisServerSource.choose(
                env("TGFSM_TEST_REDIS_SERVER", "/opt/redis/bin/redis-server", "PATH", "/usr/local/bin"),
                Set.of("/opt/redis/bin/redis-server", "/usr/local/bin/redis-server")::contains, docker(true));
        assertThat(source.kind()).isEqualTo(Kind.BINARY);
        assertThat(source.executable()).isEqualTo("/opt/redis/bin/redis-server");
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void anExplicitBinaryThatIsNotExecutableFailsEvenOutsideCi() {
        RedisServerSource source = RedisServerSource.choose(env("TGFSM_TEST_REDIS_SERVER", "/nowhere/redis-server"),
                Set.of("/usr/bin/redis-server")::contains, docker(true));
        assertThat(source.kind()).isEqualTo(Kind.FAIL);
        assertThatThrownBy(source::requireAvailable).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TGFSM_TEST_REDIS_SERVER=/nowhere/redis-server is not an executable file");
    }

    @Test
    void thePathsRedisServerComesBeforeTheInstallFolders() {
        RedisServerSource source = RedisServerSource.choose(env("PATH", "/home/me/bin:/opt/redis/bin"),
                Set.of("/opt/redis/bin/redis-server", "/usr/bin/redis-server")::contains, docker(true));
        assertThat(source.kind()).isEqualTo(Kind.BINARY);
        assertThat(source.executable()).isEqualTo("/opt/redis/bin/redis-server");
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void withoutAPathTheInstallFoldersAreLookedIn() {
        RedisServerSource source = RedisServerSource.choose(env(), Set.of("/usr/local/bin/redis-server")::contains,
                docker(false));
        assertThat(source.kind()).isEqualTo(Kind.BINARY);
        assertThat(source.executable()).isEqualTo("/usr/local/bin/redis-server");
    }

    @Test
    void withoutABinaryTestcontainersIsUsedWhenDockerIsAvailable() {
        RedisServerSource source = RedisServerSource.choose(env("PATH", "/bin", "CI", "true"), path -> false,
                docker(true));
        assertThat(source.kind()).isEqualTo(Kind.CONTAINER);
        assertThat(dockerAsked).hasValue(1);
        source.requireAvailable();
    }

    @Test
    void noServerAnywhereSkipsOutsideCi() {
        RedisServerSource source = RedisServerSource.choose(env("PATH", "/bin"), path -> false, docker(false));
        assertThat(source.kind()).isEqualTo(Kind.SKIP);
        assertThatThrownBy(source::requireAvailable).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("redis-server is not installed").hasMessageContaining("no Docker engine");
    }

    @Test
    void noServerAnywhereFailsWithCiTrueAndNeverSkips() {
        for (String ci : List.of("true", "TRUE")) {
            RedisServerSource source = RedisServerSource.choose(env("PATH", "/bin", "CI", ci), path -> false,
                    docker(false));
            assertThat(source.kind()).isEqualTo(Kind.FAIL);
            assertThatThrownBy(source::requireAvailable).isInstanceOf(IllegalStateException.class)
                    .isNotInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("CI=true, so this fails instead of skipping");
        }
    }

    @Test
    void aDockerCheckThatThrowsCountsAsNoDockerAndStillFailsOnCi() {
        RedisServerSource source = RedisServerSource.choose(env("CI", "true"), path -> false, () -> {
            throw new IllegalStateException("docker.sock refused");
        });
        assertThat(source.kind()).isEqualTo(Kind.FAIL);
        assertThat(source.reason()).contains("Testcontainers failed").contains("docker.sock refused");
    }

    @Test
    void theContainerScriptStartsEveryNodeAnnouncingTheHostAndCreatesTheClusterOnce() {
        String script = RedisContainers.script(List.of(21001, 21002, 21003), true, "10.0.0.5", "/data");
        for (int port : List.of(21001, 21002, 21003)) {
            assertThat(script).contains("redis-server --port " + port)
                    .contains("--cluster-announce-ip 10.0.0.5 --cluster-announce-port " + port
                            + " --cluster-announce-bus-port " + (port + 10000));
        }
        assertThat(script).contains("if [ ! -f /data/created ]; then redis-cli --cluster create "
                + "10.0.0.5:21001 10.0.0.5:21002 10.0.0.5:21003 --cluster-replicas 0 --cluster-yes");
        assertThat(RedisContainers.script(List.of(21001), false, "10.0.0.5", "/data"))
                .doesNotContain("cluster").contains("redis-server --port 21001");
        assertThatIllegalArgumentException().isThrownBy(() -> RedisContainers.script(List.of(1, 2), true, "h", "/d"));
    }
}
