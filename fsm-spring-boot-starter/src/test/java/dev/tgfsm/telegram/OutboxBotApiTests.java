package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.MutableClock;

/**
 * The outbox through the real TelegramBots client against a local Bot API server: a reply Telegram
 * refuses (a text over 4,096 characters) is logged with the method and description, the commit
 * stays, the user gets the error text, and the rest of the outbox is still sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxBotApiTests {

    private static final StorageKey KEY = StorageKey.of(123456, 42, 42);

    @Test
    void aReplyTelegramRefusesIsLoggedAndReplacedByTheErrorTextWhileTheCommitAndTheRestStay(CapturedOutput output)
            throws Exception {
        MutableClock clock = MutableClock.now();
        InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            OkHttpTelegramClient client = new OkHttpTelegramClient("123456:test-token",
                    TelegramUrls.parse(server.url()));
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                    null,
                    OutboxRelay.sendingThrough(client, clock));
            try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
                tx.context().setState("report:done");
                tx.outbox().send(SendMessage.builder().chatId(42L).text("z".repeat(5000)).build());
                tx.outbox().send(SendMessage.builder().chatId(42L).text("Anything else?").build());
                tx.commit();
            }

            List<LocalBotApiServer.Request> sent = server.awaitRequests("sendMessage", 3, Duration.ofSeconds(10));
            assertThat(sent).extracting(r -> r.param("text").length() > 100 ? "the long one" : r.param("text"))
                    .containsExactly("the long one", OutboxConfig.DEFAULT_ERROR_TEXT, "Anything else?");
        }
        assertThat(storage.getState(KEY)).isEqualTo("report:done");
        assertThat(output).contains("WARN").contains("The Bot API refused sendmessage").contains("400")
                .contains("message is too long");
    }
}
