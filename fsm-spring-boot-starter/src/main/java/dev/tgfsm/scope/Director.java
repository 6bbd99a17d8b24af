package dev.tgfsm.scope;

import java.io.Serializable;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.polls.SendPoll;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.SessionMetadata;
import dev.tgfsm.context.UnitOfWork;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.live.LiveMessage;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbox.OnSent;
import dev.tgfsm.outbox.Outbox;
import dev.tgfsm.outbox.SentPolls;
import dev.tgfsm.preferences.Preferences;

/**
 * The handler's bridge to everything about the update being handled: the
 * update, the chat and user ids, the conversation's {@link FsmContext} ({@link #state()}), its
 * {@link HistoryManager}, and the {@link TelegramClient} with {@link #reply} and {@link #send}.
 *
 * <p>{@link #reply} and {@link #send} queue the call in the update's
 * {@linkplain Outbox outbox}: it is stored with the update's commit and sent after
 * it succeeded, so a failed commit sends nothing and a crash after the commit still delivers it.
 * {@link #execute} and direct calls on {@link #telegramClient()} are immediate: sent while the
 * handler runs, before the commit, outside that guarantee (use them for uploads and for calls whose
 * result the handler needs at once).
 *
 * <p>In Spring it is an update-scoped bean: inject it into a singleton and each call resolves to
 * the update the calling thread is handling. Handler methods can also take it as a parameter.
 *
 * <p>Extension points, not yet present: the scene manager ({@code scenes()}) and the garbage
 * registry ({@code garbage()}) are added here by the issues that build those engines; until then
 * the Director offers neither, rather than a stand-in that does nothing.
 */
public class Director {

    private final UpdateContext update;

    private final @Nullable TelegramClient client;

    private final int historySize;

    private final OutboundLimiter limiter;

    private @Nullable HistoryManager history;

    private dev.tgfsm.preferences.@Nullable Preferences preferences;

    /**
     * Creates the Director of an update.
     *
     * @param update the update being handled
     * @param client sends replies, or {@code null} when the application has none
     * @param historySize the number of history entries kept, at least 1
     */
    public Director(UpdateContext update, @Nullable TelegramClient client, int historySize) {
        this(update, client, historySize, OutboundLimiter.unlimited());
    }

    /**
     * Creates the Director of an update whose immediate calls ({@link #execute}) pass an outbound
     * limiter (queued calls pass the outbox relay's).
     *
     * @param update the update being handled
     * @param client sends replies, or {@code null} when the application has none
     * @param historySize the number of history entries kept, at least 1
     * @param limiter the flood control immediate calls pass
     */
    public Director(UpdateContext update, @Nullable TelegramClient client, int historySize, OutboundLimiter limiter) {
        this.update = Objects.requireNonNull(update, "update must not be null");
        this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
        this.client = client;
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize must be at least 1, was " + historySize);
        }
        this.historySize = historySize;
    }

    /**
     * Returns the update.
     *
     * @return the update
     */
    public Update update() {
        return update.update();
    }

    /**
     * Returns the update with its unit of work.
     *
     * @return the update context
     */
    public UpdateContext updateContext() {
        return update;
    }

    /**
     * Returns the chat the update came from (for updates that name only a user, the user's private
     * chat).
     *
     * @return the chat id, or {@code null} when the update names neither chat nor user
     */
    public @Nullable Long chatId() {
        UpdateIdentity id = update.identity().orElse(null);
        if (id == null) {
            return null;
        }
        return id.chatId() != null ? id.chatId() : id.userId();
    }

    /**
     * Returns the user the update came from.
     *
     * @return the user id, or {@code null} when the update names no user
     */
    public @Nullable Long userId() {
        return update.identity().map(UpdateIdentity::userId).orElse(null);
    }

    /**
     * Returns the conversation's context: state and data, committed once after the handler.
     *
     * @return the context
     * @throws IllegalStateException for an update without a conversation
     */
    public FsmContext state() {
        return update.context();
    }

    /**
     * Returns the update's unit of work: its contexts, scopes, outbox and work to run after the
     * commit (for example {@code transaction().afterCommit(...)}).
     *
     * @return the unit of work
     * @throws IllegalStateException for an update without a conversation
     */
    public UnitOfWork transaction() {
        return update.transaction();
    }

    /**
     * Returns the conversation's session metadata: created at, last activity and the count of
     * updates that changed it (read-only updates are not counted), as loaded at the start of this
     * update.
     *
     * @return the metadata
     */
    public SessionMetadata session() {
        return state().session();
    }

    /**
     * Returns the conversation's history stack, committed with the main record.
     *
     * @return the history
     */
    public synchronized HistoryManager history() {
        if (history == null) {
            history = new HistoryManager(state(), HistoryManager.DEFAULT_DESTINY, historySize);
        }
        return history;
    }

    /**
     * Returns the user's preferences: data that outlives flows, {@code /cancel} and {@code /reset},
     * stored without idle expiry and committed with the main record.
     *
     * @return the preferences
     */
    public synchronized Preferences preferences() {
        if (preferences == null) {
            preferences = new Preferences(state());
        }
        return preferences;
    }

    /**
     * Returns the data kept beyond this conversation: the user's across chats ({@link DataScopes#user}),
     * the chat's across users ({@link DataScopes#chat}) and the bot's ({@link DataScopes#bot}).
     *
     * @return the scopes of this update
     */
    public DataScopes scopes() {
        return new DataScopes(update);
    }

    /**
     * Returns a live message of the conversation: one message the bot edits in place (a menu,
     * progress), falling back to a new message when the old one cannot be edited.
     *
     * @param name the live message's name, for example {@code "menu"}
     * @return the live message
     * @throws FsmException when no client is configured or the update names no chat
     */
    public LiveMessage live(String name) {
        Long chat = chatId();
        if (chat == null) {
            throw new FsmException("A live message needs an update with a chat");
        }
        UpdateIdentity id = update.identity().orElseThrow();
        return new LiveMessage(transaction().outbox(), state(), chat,
                id.threadId() != null ? id.threadId().intValue() : null, name);
    }

    /**
     * Returns the client that talks to the Bot API.
     *
     * @return the client, or {@code null} when none is configured
     */
    public @Nullable TelegramClient telegramClient() {
        return client;
    }

    /**
     * Sends a text message to the chat the update came from (into the same forum topic and business
     * connection), after the update's commit.
     *
     * @param text the text
     * @throws FsmException when no client is configured or the update names no chat
     */
    public void reply(String text) {
        send(replyTo(text));
    }

    /**
     * Sends a text message to the chat the update came from, after the update's commit, and tells
     * what was sent once it was delivered.
     *
     * @param text the text
     * @param onSent gets the sent message after delivery and may return a follow-up change
     * @throws FsmException when no client is configured or the update names no chat
     */
    public void reply(String text, OnSent<Message> onSent) {
        send(replyTo(text), onSent);
    }

    private SendMessage replyTo(String text) {
        Long chat = chatId();
        if (chat == null) {
            throw new FsmException("Update " + update.update().getUpdateId() + " names no chat to reply to");
        }
        UpdateIdentity id = update.identity().orElseThrow();
        return SendMessage.builder().chatId(chat).text(text)
                .messageThreadId(id.threadId() != null ? id.threadId().intValue() : null)
                .businessConnectionId(id.businessConnectionId())
                .build();
    }

    /**
     * Queues a Bot API method in the update's outbox: sent after the update's commit. For an update
     * without a conversation (no chat and no user) there is no commit, and the method is executed at
     * once.
     *
     * @param method the method
     * @param <T> its result type
     * @throws FsmException when no client is configured
     */
    public <T extends Serializable> void send(BotApiMethod<T> method) {
        if (!update.hasConversation()) {
            execute(method);
            return;
        }
        checkClient(method);
        transaction().outbox().send(method);
        if (method instanceof AnswerCallbackQuery) {
            update.markCallbackAnswered();
        }
    }

    /**
     * Queues a Bot API method in the update's outbox and tells what it returned once it was
     * delivered.
     *
     * @param method the method
     * @param onSent gets the result after delivery and may return a follow-up change
     * @param <T> its result type
     * @throws FsmException when no client is configured or the update has no conversation
     */
    public <T extends Serializable> void send(BotApiMethod<T> method, OnSent<? super T> onSent) {
        checkClient(method);
        transaction().outbox().send(method, onSent);
        if (method instanceof AnswerCallbackQuery) {
            update.markCallbackAnswered();
        }
    }

    /**
     * Executes a Bot API method now, while the handler runs: before the update's commit and outside
     * the outbox's guarantee (sent even if the commit then fails; not redelivered after a crash).
     * For uploads and for calls whose result the handler needs at once.
     *
     * @param method the method
     * @param <T> its result type
     * @return the result
     * @throws FsmException when no client is configured or the call fails
     */
    public <T extends Serializable> T execute(BotApiMethod<T> method) {
        checkClient(method);
        try {
            T result = limiter.execute(client, method);
            if (method instanceof AnswerCallbackQuery) {
                update.markCallbackAnswered();
            }
            if (method instanceof SendPoll && update.hasConversation()
                    && SentPolls.recordSent(update.context(), result)) {
                // committed with the update; a flow step prompted in it counts the poll as sent with its prompt
                Object before = update.attribute(SentPolls.DURING_UPDATE);
                update.attribute(SentPolls.DURING_UPDATE, (before instanceof Long n ? n : 0L) + 1);
            }
            return result;
        }
        catch (TelegramApiException ex) {
            throw new FsmException("Bot API call " + method.getMethod() + " failed: " + ex.getMessage(), ex);
        }
    }

    private void checkClient(BotApiMethod<?> method) {
        if (client == null) {
            throw new FsmException("No TelegramClient is configured, so the Director cannot send "
                    + method.getMethod() + ": set tgfsm.bot.token or define a TelegramClient bean");
        }
    }
}
