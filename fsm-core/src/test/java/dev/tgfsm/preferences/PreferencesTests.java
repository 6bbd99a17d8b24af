package dev.tgfsm.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;

class PreferencesTests {

    private static final StorageKey KEY = StorageKey.of(4, 8, 8);

    record Settings(String language, Boolean notifications) {
    }

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults().withTtl(Duration.ofHours(1)), null);

    @Test
    void preferencesHaveNoIdleExpiryWhileTheConversationHasOne() {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            tx.context().setState("menu");
            new Preferences(tx.context()).set(Preferences.LANGUAGE, "de");
            tx.commit();
        }
        clock.advance(Duration.ofHours(2));

        assertThat(storage.load(KEY).exists()).isFalse();
        assertThat(storage.load(DataScope.USER.keyOf(KEY)).data()).isEqualTo(Map.of("language", "de"));
    }

    @Test
    void entriesAreTypedOneByOneOrAsOneRecord() {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            Preferences prefs = new Preferences(tx.context());
            assertThat(prefs.as(Settings.class)).isEqualTo(new Settings(null, null));
            prefs.put(new Settings("es", true));
            assertThat(prefs.get("notifications", Boolean.class)).isTrue();
            prefs.set("language", null);
            assertThat(prefs.get("language", String.class, "en")).isEqualTo("en");
            assertThat(prefs.as(Settings.class)).isEqualTo(new Settings(null, true));
            tx.commit();
        }
        assertThat(storage.load(DataScope.USER.keyOf(KEY)).data()).isEqualTo(Map.of("notifications", true));
    }

    @Test
    void otherDestiniesCanBeMadePersistent() {
        ContextConfig options = ContextConfig.ofDefaults().withTtl(Duration.ofHours(1));
        assertThat(options.ttlFor("default")).isEqualTo(Duration.ofHours(1));
        assertThat(options.ttlFor(Preferences.DESTINY)).isNull();
        assertThat(options.withPersistentDestinies(java.util.Set.of("audit")).ttlFor(Preferences.DESTINY))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void preferencesFollowTheUserFromAPrivateChatIntoAGroup() {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            new Preferences(tx.context()).set(Preferences.LANGUAGE, "de");
            tx.commit();
        }
        try (FsmTransaction tx = FsmTransactions.begin(contexts, StorageKey.of(4, -500, 8))) {
            assertThat(new Preferences(tx.context()).get(Preferences.LANGUAGE)).isEqualTo("de");
        }
    }

    @Test
    void preferencesStoredInTheConversationStayReadableAndMoveToTheUserScopeOnTheFirstChange() {
        storage.setData(KEY.withDestiny(Preferences.DESTINY), Map.of("language", "fr", "notifications", false));
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            Preferences prefs = new Preferences(tx.context());
            assertThat(prefs.get(Preferences.LANGUAGE)).isEqualTo("fr");
            prefs.set(Preferences.LANGUAGE, "it");
            tx.commit();
        }
        assertThat(storage.load(DataScope.USER.keyOf(KEY)).data())
                .isEqualTo(Map.of("language", "it", "notifications", false));
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            Preferences prefs = new Preferences(tx.context());
            prefs.clear();
            tx.commit();
        }
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            assertThat(new Preferences(tx.context()).all()).isEmpty();
        }
    }

    /**
     * While the preferences of earlier versions may remain in the old destiny, that destiny is read
     * in the same call as the conversation and its user scope (it cost a read of its own before: a
     * third Redis round trip for every update that showed a localized text); once they are moved it
     * is not read at all.
     */
    @Test
    void untilThePreferencesAreMovedTheOldDestinyIsReadWithTheConversationAndAfterNotAtAll() {
        List<List<StorageKey>> loads = new CopyOnWriteArrayList<>();
        CountingFsmStorage counting = new CountingFsmStorage(new ForwardingFsmStorage(storage) {
            @Override
            public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
                loads.add(List.copyOf(keys));
                return super.loadAll(keys);
            }
        });
        FsmContexts scoped = FsmTransactions.contexts(counting, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(DataScope.USER.destiny())), null);
        try (FsmTransaction tx = FsmTransactions.begin(scoped, KEY)) {
            tx.context().getState();
            assertThat(new Preferences(tx.context()).get(Preferences.LANGUAGE)).isNull();
        }
        assertThat(counting.count("loadAll")).as("the conversation with the user scope and the old destiny")
                .isEqualTo(1);
        assertThat(loads.get(0)).contains(KEY.withDestiny(Preferences.DESTINY), DataScope.USER.keyOf(KEY));

        scoped.preferencesMoved();
        counting.reset();
        try (FsmTransaction tx = FsmTransactions.begin(scoped, KEY)) {
            tx.context().getState();
            Preferences prefs = new Preferences(tx.context());
            assertThat(prefs.get(Preferences.LANGUAGE)).isNull();
            prefs.set(Preferences.LANGUAGE, "de");
            prefs.clear();
            prefs.set("notifications", true);
            tx.commit();
        }
        assertThat(counting.count("loadAll")).as("the conversation with the user scope only").isEqualTo(1);
        assertThat(loads.get(loads.size() - 1)).doesNotContain(KEY.withDestiny(Preferences.DESTINY));
        assertThat(storage.load(DataScope.USER.keyOf(KEY)).data()).isEqualTo(Map.of("notifications", true));
    }
}
