package dev.tgfsm.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

class ScopedDataTests {

    private static final StorageKey GROUP = StorageKey.of(3, -700, 70);

    record Profile(String nickname, Integer age) {
    }

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults()));

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null);

    @Test
    void scopeKeysFollowTheUserTheChatAndTheBot() {
        assertThat(DataScope.USER.keyOf(GROUP)).isEqualTo(new StorageKey(3, 70, 70, null, null, "tgfsm.user"));
        assertThat(DataScope.CHAT.keyOf(GROUP)).isEqualTo(new StorageKey(3, -700, -700, null, null, "tgfsm.chat"));
        assertThat(DataScope.BOT.keyOf(GROUP)).isEqualTo(DataScope.botKey(3));
        assertThat(DataScope.userKey(3, 70)).isEqualTo(DataScope.USER.keyOf(GROUP));
        assertThat(DataScope.chatKey(3, -700)).isEqualTo(DataScope.CHAT.keyOf(GROUP));
        assertThat(DataScope.ofDestiny("tgfsm.chat")).contains(DataScope.CHAT);
        assertThat(DataScope.ofDestiny("prefs")).isEmpty();
    }

    @Test
    void anUndeclaredScopeIsLoadedOnceWhenFirstUsedAndNotAtAllWhenUnused() {
        try (FsmTransaction tx = contexts.begin(GROUP)) {
            tx.context().getState();
            assertThat(storage.count("loadAll")).isEqualTo(1);
            tx.scope(DataScope.CHAT).get("x");
            tx.scope(DataScope.CHAT).all();
            assertThat(storage.count("loadAll")).isEqualTo(2);
            tx.commit();
        }
        assertThat(storage.count("save")).isZero();
    }

    @Test
    void declaredScopesAreLoadedWithTheMainSlot() {
        FsmContexts declared = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(DataScope.USER.destiny(), DataScope.BOT.destiny())),
                null);
        try (FsmTransaction tx = declared.begin(GROUP)) {
            tx.context().getState();
            tx.scope(DataScope.USER).all();
            tx.scope(DataScope.BOT).all();
        }
        assertThat(storage.count("loadAll")).isEqualTo(1);
    }

    @Test
    void entriesAreSetRemovedTypedAndCleared() {
        try (FsmTransaction tx = contexts.begin(GROUP)) {
            ScopedData user = tx.scope(DataScope.USER);
            user.put(new Profile("ann", 30));
            user.set("age", null);
            assertThat(user.as(Profile.class)).isEqualTo(new Profile("ann", null));
            assertThat(user.get("nickname", String.class, "?")).isEqualTo("ann");
            tx.scope(DataScope.CHAT).set("topic", "cats");
            tx.commit();
        }
        assertThat(storage.load(DataScope.userKey(3, 70)).data()).isEqualTo(Map.of("nickname", "ann"));
        try (FsmTransaction tx = contexts.begin(GROUP)) {
            tx.scope(DataScope.CHAT).clear();
            tx.commit();
        }
        // the record stays, empty, remembering the operations it applied
        assertThat(storage.load(DataScope.chatKey(3, -700)).data()).isEmpty();
    }

    @Test
    void incrementingSomethingOtherThanAWholeNumberFailsAndChangesNothing() {
        try (FsmTransaction tx = contexts.begin(GROUP)) {
            tx.scope(DataScope.BOT).set("name", "bot");
            tx.commit();
        }
        try (FsmTransaction tx = contexts.begin(GROUP)) {
            ScopedData bot = tx.scope(DataScope.BOT);
            assertThatThrownBy(() -> bot.increment("name", 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'name'");
            assertThat(bot.all()).isEqualTo(Map.of("name", "bot"));
            assertThat(tx.isDirty()).isFalse();
        }
    }

    @Test
    void concurrentWritersOfOneEntryEndWithTheLastAndKeepEveryOtherEntry() {
        try (FsmTransaction first = contexts.begin(GROUP);
                FsmTransaction second = contexts.begin(StorageKey.of(3, 70, 70))) {
            first.scope(DataScope.USER).set("theme", "dark");
            first.scope(DataScope.USER).set("lang", "en");
            second.scope(DataScope.USER).set("lang", "de");
            first.commit();
            second.commit();
            assertThat(second.scope(DataScope.USER).all()).isEqualTo(Map.of("theme", "dark", "lang", "de"));
        }
        assertThat(storage.load(DataScope.userKey(3, 70)).data()).isEqualTo(Map.of("theme", "dark", "lang", "de"));
    }

    @Test
    void aClosedUnitOfWorkRefusesChanges() {
        FsmTransaction tx = contexts.begin(GROUP);
        ScopedData chat = tx.scope(DataScope.CHAT);
        tx.close();
        assertThatThrownBy(() -> chat.set("a", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aContextOutsideAUnitOfWorkHasNoScopes() {
        assertThatThrownBy(() -> contexts.writeThrough(GROUP).scope(DataScope.USER))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
