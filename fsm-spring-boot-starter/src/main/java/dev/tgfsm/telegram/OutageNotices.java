package dev.tgfsm.telegram;

import java.util.Objects;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.flow.LibraryText;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.outbound.OutboundLimiter;

/**
 * Tells a user, once per storage outage, that their message waits: the dispatcher reports each
 * conversation the first time one of its updates finds the storage down, and this listener sends the
 * notice text straight through the {@link TelegramClient} (the storage, and so the outbox, is down).
 * The dispatcher forgets the notified conversations when the storage answers again, so a later outage
 * notifies again. A notice that cannot be sent is logged and not retried.
 */
public final class OutageNotices implements DispatchListener {

    private static final Logger log = LoggerFactory.getLogger(OutageNotices.class);

    private final LongFunction<TelegramClient> clients;

    private final String text;

    private final OutboundLimiter limiter;

    private volatile MessageResolver messages = MessageResolver.english();

    /**
     * Creates the listener: each notice goes through the client of the bot whose update waits (one
     * bot, or several of {@code tgfsm.bots}), past an outbound limiter.
     *
     * @param clients the client of each bot id (of bot 0 for an update without a conversation)
     * @param text the notice
     * @param limiter the flood control the notices pass (its buckets are per bot id)
     */
    public OutageNotices(LongFunction<TelegramClient> clients, String text, OutboundLimiter limiter) {
        this.clients = Objects.requireNonNull(clients, "clients must not be null");
        this.text = Objects.requireNonNull(text, "text must not be null");
        this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
    }

    /**
     * Sets how the notice is put in the user's language (Telegram's {@code language_code}: the
     * storage holding the preferences is down); English by default.
     *
     * @param resolver the resolver
     */
    public void setMessages(MessageResolver resolver) {
        this.messages = Objects.requireNonNull(resolver, "resolver must not be null");
    }

    @Override
    public void storageUnavailable(Update update, StorageKey key) {
        UpdateIdentity identity = UpdateIdentity.of(update).orElse(null);
        Long chat = identity == null ? null : (identity.chatId() != null ? identity.chatId() : identity.userId());
        if (chat == null) {
            return;
        }
        String localised = messages.configured(messages.localeOfSender(update), LibraryText.OUTAGE, text);
        SendMessage notice = SendMessage.builder().chatId(chat).text(localised).build();
        if (identity.threadId() != null) {
            notice.setMessageThreadId(identity.threadId().intValue());
        }
        if (identity.businessConnectionId() != null) {
            notice.setBusinessConnectionId(identity.businessConnectionId());
        }
        try {
            if (key == null) {
                limiter.execute(clients.apply(0), notice);
            }
            else {
                limiter.execute(key.botId(), clients.apply(key.botId()), notice);
            }
            log.debug("Told chat {} that the bot is temporarily unavailable", chat);
        }
        catch (TelegramApiException | RuntimeException ex) {
            log.warn("Could not send the outage notice to chat {}: {}", chat, ex.getMessage());
        }
    }
}
