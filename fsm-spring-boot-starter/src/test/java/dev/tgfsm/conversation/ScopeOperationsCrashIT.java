package dev.tgfsm.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.feature.FeatureMigrationJobMain;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.jdbc.TestDataSources;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.servers.JvmProcess;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * A bot in its own JVM ({@link ScopeUpdatesMain}) killed with {@code SIGKILL} between a
 * conversation's commit and the write of its scope changes, restarted, killed again between the
 * scope writes and the write that clears them from the conversation, and restarted to the end;
 * each start redelivers every update, as Telegram does after a crash. Every update counts once in
 * its conversation, once in its user's scope and once in the chat's scope: exact counts. On Redis
 * and on PostgreSQL, each with the scopes written apart from the clearing (as a Redis Cluster writes
 * records of other hash slots) and together with it in one atomic write (killed twice before it).
 */
@RequiresServers({TestServer.REDIS, TestServer.POSTGRES})
class ScopeOperationsCrashIT {

    private static final int MEMBERS = 4;

    private static final int PER_MEMBER = 10;

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final long bot = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);

    private final long group = -ThreadLocalRandom.current().nextLong(1_000, 1_000_000);

    @Test
    void killedBetweenCommitAndScopeWriteOnRedisEveryChangeCountsOnce() throws Exception {
        onRedis(false);
    }

    @Test
    void killedBeforeTheScopeWriteWithTheClearingOnRedisEveryChangeCountsOnce() throws Exception {
        onRedis(true);
    }

    @Test
    void killedBetweenCommitAndScopeWriteOnPostgresEveryChangeCountsOnce() throws Exception {
        onPostgres(false);
    }

    @Test
    void killedBeforeTheScopeWriteWithTheClearingOnPostgresEveryChangeCountsOnce() throws Exception {
        onPostgres(true);
    }

    private void onRedis(boolean together) throws Exception {
        String prefix = "scope-crash-" + System.nanoTime() + ":";
        List<String> store = List.of("redis", TestServer.REDIS.url(), prefix);
        RedisFsmStorage storage = (RedisFsmStorage) FeatureMigrationJobMain.storage(store.get(0), store.get(1), prefix);
        try {
            killedTwiceAndRestarted(storage, store, together);
        }
        finally {
            storage.clearNamespace();
        }
    }

    private void onPostgres(boolean together) throws Exception {
        String prefix = TestDataSources.uniquePrefix();
        HikariDataSource pool = TestDataSources.postgres(4);
        JdbcSchemaInitializer schema = new JdbcSchemaInitializer(pool, prefix, null);
        schema.initialize();
        try {
            killedTwiceAndRestarted(new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults()),
                    List.of("jdbc", TestServer.POSTGRES.url(), prefix), together);
        }
        finally {
            schema.drop();
            pool.close();
        }
    }

    private void killedTwiceAndRestarted(FsmStorage storage, List<String> store, boolean together) throws Exception {
        long start = System.nanoTime();
        String mode = together ? "together" : "apart";
        // killed right before the 7th scope write: its conversation is committed, its scope changes only recorded
        killedBefore(store, together ? "together" : "scope", 7, mode);
        List<StorageKey> pending = pending(storage);
        assertThat(pending).as("the conversation committed without its scope write").hasSize(1);
        long userBefore = count(storage, DataScope.USER.keyOf(pending.get(0)));
        long conversationBefore = count(storage, pending.get(0));
        assertThat(userBefore).as("the scope is one update behind its conversation").isEqualTo(conversationBefore - 1);

        if (together) {
            // restarted, killed again right before the 5th scope write with its clearing
            killedBefore(store, "together", 5, mode);
            pending = pending(storage);
            assertThat(pending).as("committed, not applied").hasSize(1);
            assertThat(count(storage, DataScope.USER.keyOf(pending.get(0)))).as("the scope is one update behind")
                    .isEqualTo(count(storage, pending.get(0)) - 1);
        }
        else {
            // restarted, killed right before the 5th clearing: the scope changes applied, still recorded
            killedBefore(store, "clear", 5, mode);
            pending = pending(storage);
            assertThat(pending).as("applied, not cleared").hasSize(1);
            assertThat(count(storage, DataScope.USER.keyOf(pending.get(0)))).as("the scope counted the update")
                    .isEqualTo(count(storage, pending.get(0)));
        }

        // restarted to the end
        try (JvmProcess last = JvmProcess.start(ScopeUpdatesMain.class, log(store.get(0) + "-" + mode + "-last"),
                args(store, "none", 0, mode))) {
            assertThat(last.awaitExit(WAIT)).as(last.tail()).isZero();
            assertThat(last.output()).contains("done");
        }

        long chat = count(storage, DataScope.CHAT.keyOf(member(0)));
        for (int m = 0; m < MEMBERS; m++) {
            assertThat(count(storage, member(m))).as("updates in the conversation of %d", m).isEqualTo(PER_MEMBER);
            assertThat(count(storage, DataScope.USER.keyOf(member(m)))).as("updates in the user scope of %d", m)
                    .isEqualTo(PER_MEMBER);
        }
        assertThat(chat).as("updates in the chat scope").isEqualTo(MEMBERS * PER_MEMBER);
        assertThat(pending(storage)).as("every scope operation cleared").isEmpty();
        System.out.printf("scope crash test (%s, %s): killed twice, restarted: %d"
                + " updates, conversations %d x %d, user scopes %d each, chat scope %d; %d ms%n", store.get(0), mode,
                MEMBERS * PER_MEMBER, MEMBERS, PER_MEMBER, PER_MEMBER, chat,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    private void killedBefore(List<String> store, String write, int n, String mode) throws Exception {
        try (JvmProcess bot = JvmProcess.start(ScopeUpdatesMain.class, log(store.get(0) + "-" + mode + "-" + write + n),
                args(store, write, n, mode))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!bot.output().contains("stopped before")) {
                if (System.nanoTime() - deadline > 0 || !bot.isAlive()) {
                    throw new AssertionError("The bot did not get to the write: " + bot.tail());
                }
                Thread.sleep(10);
            }
            bot.kill();
        }
    }

    private List<String> args(List<String> store, String write, int n, String mode) {
        List<String> args = new ArrayList<>(store);
        args.addAll(List.of(String.valueOf(bot), String.valueOf(group), String.valueOf(MEMBERS),
                String.valueOf(PER_MEMBER), write, String.valueOf(n), mode));
        return args;
    }

    /** The members' conversations that hold scope operations not cleared. */
    private List<StorageKey> pending(FsmStorage storage) {
        List<StorageKey> pending = new ArrayList<>();
        for (int m = 0; m < MEMBERS; m++) {
            if (storage.load(member(m)).meta().containsKey(ScopeUpdatesMain.PENDING)) {
                pending.add(member(m));
            }
        }
        return pending;
    }

    private static long count(FsmStorage storage, StorageKey key) {
        FsmRecord record = storage.load(key);
        Object value = record.data().get("updates");
        return value == null ? 0 : ((Number) value).longValue();
    }

    private StorageKey member(int m) {
        return StorageKey.of(bot, group, m + 1);
    }

    private static Path log(String name) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "crash-logs"));
        Path log = logs.resolve("scope-operations-" + name + ".log");
        Files.deleteIfExists(log);
        return log;
    }
}
