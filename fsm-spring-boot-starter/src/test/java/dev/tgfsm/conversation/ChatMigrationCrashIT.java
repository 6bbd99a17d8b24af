package dev.tgfsm.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.feature.FeatureMigrationJobMain;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.jdbc.TestDataSources;
import dev.tgfsm.key.Glob;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.servers.JvmProcess;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * A group's move to a supergroup ({@link ChatMigration}) killed with {@code SIGKILL} half-way, in
 * its own JVM ({@link ChatMigrationMain}), then run again: 900 members' conversations (a third with
 * a second slot) and the chat's scope end up in the new chat exactly as they were, nothing is left in
 * the old one, and the second run moves only what the first did not. Once on Redis, once on
 * PostgreSQL.
 */
@RequiresServers({TestServer.REDIS, TestServer.POSTGRES})
class ChatMigrationCrashIT {

    private static final int MEMBERS = 900;

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final long bot = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);

    private final long group = -ThreadLocalRandom.current().nextLong(1_000, 1_000_000);

    private final long supergroup = -1_000_000_000_000L + group;

    @Test
    void aMoveKilledHalfWayOnRedisFinishesExactlyWhenRunAgain() throws Exception {
        String prefix = "chat-crash-" + System.nanoTime() + ":";
        List<String> store = List.of("redis", TestServer.REDIS.url(), prefix);
        RedisFsmStorage storage = (RedisFsmStorage) FeatureMigrationJobMain.storage(store.get(0), store.get(1), prefix);
        try {
            killedAndRunAgain(storage, store);
        }
        finally {
            storage.clearNamespace();
        }
    }

    @Test
    void aMoveKilledHalfWayOnPostgresFinishesExactlyWhenRunAgain() throws Exception {
        String prefix = TestDataSources.uniquePrefix();
        HikariDataSource pool = TestDataSources.postgres(4);
        JdbcSchemaInitializer schema = new JdbcSchemaInitializer(pool, prefix, null);
        schema.initialize();
        try {
            killedAndRunAgain(new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults()),
                    List.of("jdbc", TestServer.POSTGRES.url(), prefix));
        }
        finally {
            schema.drop();
            pool.close();
        }
    }

    private void killedAndRunAgain(FsmStorage storage, List<String> store) throws Exception {
        long start = System.nanoTime();
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                new LeaseKeeper());
        for (int from = 0; from < MEMBERS; from += 300) {
            List<StorageKey> keys = new ArrayList<>();
            for (int i = from; i < from + 300; i++) {
                keys.add(member(group, i));
            }
            assertThat(FsmTransactions.inOneWrite(contexts, keys, tx -> {
                long i = tx.key().userId() - 1;
                tx.context().setState("Group:JOINED");
                tx.context().updateData(Map.of("n", i));
                if (i % 3 == 0) {
                    tx.context("flow:quiz").setState("quiz:q2");
                }
            })).isEmpty();
        }
        StorageKey chatScope = DataScope.CHAT.keyOf(member(group, 0));
        contexts.writeThrough(chatScope).updateData(Map.of("rules", "be nice"));
        int slots = MEMBERS + MEMBERS / 3 + 1;

        List<String> args = new ArrayList<>(store);
        args.addAll(List.of(String.valueOf(bot), String.valueOf(group), String.valueOf(supergroup)));
        int movedAtKill;
        try (JvmProcess first = JvmProcess.start(ChatMigrationMain.class, log(store.get(0) + "-first"), args)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((movedAtKill = count(storage, supergroup)) < slots / 5) {
                if (System.nanoTime() - deadline > 0 || !first.isAlive()) {
                    throw new AssertionError("The move did not get on: " + first.tail());
                }
                Thread.sleep(10);
            }
            first.kill();
            assertThat(first.output()).as("killed before the end").doesNotContain("moved ");
        }
        movedAtKill = count(storage, supergroup);
        assertThat(movedAtKill).as("half-way").isLessThan(slots);

        String output;
        try (JvmProcess second = JvmProcess.start(ChatMigrationMain.class, log(store.get(0) + "-second"), args)) {
            assertThat(second.awaitExit(WAIT)).as(second.tail()).isZero();
            output = second.output();
        }
        int movedAgain = Integer.parseInt(output.substring(output.indexOf("moved ") + 6).trim());

        assertThat(count(storage, group)).as("nothing left in the old chat").isZero();
        assertThat(count(storage, supergroup)).isEqualTo(slots);
        assertThat(movedAgain).as("the second run moves what the first left").isEqualTo(slots - movedAtKill);
        for (int i = 0; i < MEMBERS; i++) {
            FsmRecord moved = storage.load(member(supergroup, i));
            assertThat(moved.state()).as("member %d", i).isEqualTo("Group:JOINED");
            assertThat(((Number) moved.data().get("n")).intValue()).isEqualTo(i);
            assertThat(storage.load(member(supergroup, i).withDestiny("flow:quiz")).state())
                    .isEqualTo(i % 3 == 0 ? "quiz:q2" : null);
        }
        assertThat(storage.load(DataScope.CHAT.keyOf(member(supergroup, 0))).data()).containsEntry("rules", "be nice");
        System.out.printf("chat migration crash test (%s): killed with %d of %d slots moved, the second run moved %d;"
                + " %d ms%n", store.get(0), movedAtKill, slots, movedAgain,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** The slots stored for the bot in a chat. */
    private int count(FsmStorage storage, long chat) {
        try (Stream<StorageKey> keys = storage.listKeys(Glob.quote("{" + bot + ":" + chat + ":") + "*")) {
            return (int) keys.filter(k -> k.botId() == bot && k.chatId() == chat).count();
        }
    }

    private StorageKey member(long chat, int i) {
        return StorageKey.of(bot, chat, i + 1);
    }

    private static Path log(String name) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "crash-logs"));
        Path log = logs.resolve("chat-migration-" + name + ".log");
        Files.deleteIfExists(log);
        return log;
    }
}
