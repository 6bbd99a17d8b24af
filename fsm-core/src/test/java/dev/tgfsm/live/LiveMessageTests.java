package dev.tgfsm.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

class LiveMessageTests {

    private static final long USER = 12;

    private static final StorageKey KEY = StorageKey.of(3, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(3, clock);

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    private FsmContexts contexts;

    @BeforeEach
    void start() {
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(3, KeyStrategy.USER_IN_CHAT, contexts,
                u -> new LiveMessage(u.transaction().outbox(), u.context(), USER, null, "menu")
                        .show(u.update().getMessage().getText()),
                DispatcherConfig.ofDefaults().withThreads(1), null);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private void show(String text) throws Exception {
        dispatcher.submit(updates.text(USER, text)).get(10, TimeUnit.SECONDS);
    }

    /** The id as the conversation's next unit of work sees it (the delivery's follow-up applied). */
    private Object remembered() {
        try (var tx = FsmTransactions.begin(contexts, KEY)) {
            return tx.context().getMeta("live:menu");
        }
    }

    private BotCall last() {
        return telegram.calls().get(telegram.calls().size() - 1);
    }

    @Test
    void theFirstShowSendsAndLaterShowsEditInPlace() throws Exception {
        show("one");
        assertThat(last().method()).isEqualTo("sendmessage");
        Object id = remembered();
        assertThat(id).isNotNull();

        show("two");
        assertThat(last().method()).isEqualTo("editmessagetext");
        assertThat(last().param("message_id")).isEqualTo(id.toString());
        assertThat(last().text()).isEqualTo("two");
        assertThat(telegram.calls("sendMessage")).hasSize(1);
        assertThat(remembered()).isEqualTo(id);
    }

    @Test
    void aMessageThatCannotBeEditedIsReplacedByANewOne() throws Exception {
        show("one");
        Object old = remembered();
        telegram.failNext("editMessageText", "Bad Request: message to edit not found");

        show("two");

        assertThat(telegram.calls("editMessageText")).hasSize(1);
        assertThat(telegram.calls("sendMessage")).hasSize(2);
        assertThat(last().text()).isEqualTo("two");
        assertThat(remembered()).isNotEqualTo(old).isEqualTo(((java.util.Map<?, ?>) last().result()).get("message_id"));
    }

    @Test
    void notModifiedIsNoFailure() throws Exception {
        show("same");
        Object id = remembered();
        telegram.failNext("editMessageText", "Bad Request: message is not modified: specified new message content"
                + " and reply markup are exactly the same");

        show("same");

        assertThat(telegram.calls("sendMessage")).hasSize(1);
        assertThat(remembered()).isEqualTo(id);
    }
}
