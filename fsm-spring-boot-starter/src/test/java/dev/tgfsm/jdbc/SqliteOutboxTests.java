package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The outbox on an SQLite file: a commit that the codec refuses sends nothing of the update, the
 * user is told, and the record keeps its last committed state.
 */
class SqliteOutboxTests {

    private static final long BOT = 3;

    private static final long USER = 66;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    /** Jackson, except that it refuses to encode data holding a "poison" entry. */
    private static final class RefusingCodec implements FsmCodec {

        private final JacksonFsmCodec jackson = new JacksonFsmCodec();

        @Override
        public String encode(Map<String, Object> data) {
            if (data.containsKey("poison")) {
                throw new IllegalArgumentException("the codec cannot encode 'poison'");
            }
            return jackson.encode(data);
        }

        @Override
        public Map<String, Object> decode(String json, String where) {
            return jackson.decode(json, where);
        }

        @Override
        public String encodeValue(Object value) {
            return jackson.encodeValue(value);
        }

        @Override
        public Object decodeValue(String json, String where) {
            return jackson.decodeValue(json, where);
        }

        @Override
        public Object toPlain(Object value) {
            return jackson.toPlain(value);
        }

        @Override
        public <T> T fromPlain(Object plain, Type type) {
            return jackson.fromPlain(plain, type);
        }
    }

    @Test
    void aCommitTheCodecRefusesSendsNothingOfTheUpdateAndTellsTheUser(@TempDir Path directory) throws Exception {
        try (HikariDataSource pool = TestDataSources.sqlite(directory, 2)) {
            new JdbcSchemaInitializer(pool, JdbcFsmStorage.DEFAULT_TABLE_PREFIX, null).initialize();
            JdbcFsmStorage storage = new JdbcFsmStorage(pool,
                    StorageConfig.ofDefaults().withClock(clock).withCodec(new RefusingCodec()));
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                    null,
                    OutboxRelay.sendingThrough(telegram.client(), clock));
            List<Throwable> failures = new ArrayList<>();
            try (UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
                String text = u.update().getMessage().getText();
                u.context().setState("step:" + text);
                if (text.equals("bad")) {
                    u.context().updateData("poison", true);
                }
                u.transaction().outbox().send(SendMessage.builder().chatId(USER).text("prompt after " + text).build());
            }, DispatcherConfig.ofDefaults(), null)) {
                dispatcher.submit(updates.text(USER, "good")).get(30, TimeUnit.SECONDS);
                dispatcher.submit(updates.text(USER, "bad")).exceptionally(ex -> {
                    failures.add(ex);
                    return null;
                }).get(30, TimeUnit.SECONDS);
            }

            assertThat(failures).hasSize(1);
            assertThat(telegram.texts()).containsExactly("prompt after good", OutboxConfig.DEFAULT_ERROR_TEXT);
            assertThat(storage.getState(StorageKey.of(BOT, USER, USER))).isEqualTo("step:good");
            storage.stop();
        }
    }
}
