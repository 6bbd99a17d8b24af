package dev.tgfsm.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

class SessionMetadataTests {

    private static final StorageKey KEY = StorageKey.of(5, 21, 21);

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final Updates updates = new Updates(clock);

    @Test
    void createdAtLastActivityAndTheCountOfCommittedUpdatesAreReadable() throws Exception {
        List<SessionMetadata> seen = new ArrayList<>();
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(5, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            seen.add(u.context().session());
            if (!u.update().getMessage().getText().equals("read")) {
                u.context().updateData("last", u.update().getMessage().getText());
            }
        }, DispatcherConfig.ofDefaults().withThreads(1), null)) {
            dispatcher.submit(updates.text(21, "first")).get(10, TimeUnit.SECONDS);
            clock.advance(Duration.ofMinutes(5));
            dispatcher.submit(updates.text(21, "second")).get(10, TimeUnit.SECONDS);
            clock.advance(Duration.ofMinutes(5));
            long writesBefore = storage.count("save");
            dispatcher.submit(updates.text(21, "read")).get(10, TimeUnit.SECONDS);
            assertThat(storage.count("save")).as("a read-only update writes nothing").isEqualTo(writesBefore);
            dispatcher.submit(updates.text(21, "third")).get(10, TimeUnit.SECONDS);
        }

        assertThat(seen.get(0)).isEqualTo(new SessionMetadata(null, null, 0));
        Instant created = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(seen.get(1)).isEqualTo(new SessionMetadata(created, created, 1));
        assertThat(seen.get(3)).isEqualTo(new SessionMetadata(created, created.plus(Duration.ofMinutes(5)), 2));
        SessionMetadata stored = contexts.writeThrough(KEY).session();
        assertThat(stored.messageCount()).isEqualTo(3);
        assertThat(stored.lastActivity()).isEqualTo(created.plus(Duration.ofMinutes(10)));
    }
}
