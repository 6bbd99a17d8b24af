package dev.tgfsm.outbox;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.polls.SendPoll;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;

import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmTransaction;

/**
 * The Bot API calls of one unit of work, sent only after its commit succeeded: each
 * {@link FsmTransaction} has one ({@code tx.outbox()}).
 *
 * <p>The calls are stored in the conversation's main record in the same atomic, version-checked
 * write as the state changes, then sent in order on the committing thread. A commit that fails
 * (conflict, size limit, codec failure, storage down) sends nothing. A process that dies after the
 * commit and before the sends leaves them stored; the conversation's next unit of work (on any
 * instance) sends them once they are older than {@link OutboxConfig#redeliverAfter()}. Delivery is
 * therefore at least once: a process that dies after sending and before the delivery's
 * acknowledgement is stored causes the calls to be sent again. A live process whose sending waits
 * (flood control, a {@code 429}) does not: it stops before the entry comes of age and leaves the
 * calls to the instance that takes them over.
 *
 * <p>Only JSON methods ({@link BotApiMethod}) can be stored. Uploads ({@code sendPhoto} with a file,
 * {@code sendDocument}, media groups: the multipart {@code PartialBotApiMethod}s) cannot; send them
 * through the {@code TelegramClient} directly, which is immediate and outside this guarantee.
 *
 * <p>Thread-safe; belongs to one unit of work.
 */
public final class Outbox {

    private final @Nullable OutboxRelay relay;

    private final List<OutboxCall> calls = new ArrayList<>();

    private @Nullable String entryId;

    private volatile @Nullable String language;

    /** The outbox of a unit of work ({@link OutboxRelay#outboxOf}). */
    Outbox(@Nullable OutboxRelay relay) {
        this.relay = relay;
    }

    /**
     * Queues a call, sent after the commit.
     *
     * @param method the call
     * @param <T> its result type
     * @throws FsmException when no relay (no {@code TelegramClient}) is configured
     * @throws IllegalArgumentException when the method is invalid (TelegramBots' own validation)
     */
    public <T extends Serializable> void send(BotApiMethod<T> method) {
        add(method, null, null);
    }

    /**
     * Queues a call and what to do once it was delivered.
     *
     * @param method the call
     * @param onSent gets the result after delivery and may return a follow-up change
     * @param <T> its result type
     * @throws FsmException when no relay (no {@code TelegramClient}) is configured
     */
    @SuppressWarnings("unchecked")
    public <T extends Serializable> void send(BotApiMethod<T> method, OnSent<? super T> onSent) {
        add(method, null, (OnSent<Serializable>) (OnSent<?>) Objects.requireNonNull(onSent, "onSent must not be null"));
    }

    /**
     * Queues a call with a replacement sent when the Bot API refuses the first (for example an edit
     * of a message that is gone, replaced by a new message). "Message is not modified" is not a
     * refusal.
     *
     * @param method the call tried first
     * @param fallback the call sent instead when the first is refused
     * @param onSent gets the result of whichever was delivered, or {@code null}
     */
    @SuppressWarnings("unchecked")
    public void sendOrElse(BotApiMethod<? extends Serializable> method, BotApiMethod<? extends Serializable> fallback,
            @Nullable OnSent<? super Serializable> onSent) {
        add(method, Objects.requireNonNull(fallback, "fallback must not be null"), (OnSent<Serializable>) onSent);
    }

    /**
     * Sets the language of the user the calls are for (Telegram's {@code language_code}), stored with
     * the calls so that the notice of a call the Bot API refuses after the commit is in that language.
     *
     * @param language the language code, or {@code null} when unknown (the resolver's default is used)
     */
    public void setLanguage(@Nullable String language) {
        this.language = language == null || language.isBlank() ? null : language;
    }

    /**
     * Returns the language of the user the calls are for.
     *
     * @return the language code, or {@code null} when unknown
     */
    public @Nullable String language() {
        return language;
    }

    /**
     * Tells whether nothing is queued.
     *
     * @return {@code true} if empty
     */
    public synchronized boolean isEmpty() {
        return calls.isEmpty();
    }

    /**
     * Returns how many calls are queued.
     *
     * @return the count
     */
    public synchronized int size() {
        return calls.size();
    }

    private synchronized void add(BotApiMethod<? extends Serializable> method,
            @Nullable BotApiMethod<? extends Serializable> fallback,
            @Nullable OnSent<Serializable> onSent) {
        Objects.requireNonNull(method, "method must not be null");
        if (relay == null || !relay.canSend()) {
            throw new FsmException("No outbox relay is configured, so " + method.getMethod() + " cannot be sent: "
                    + "create FsmContexts with an OutboxRelay (in Spring: set tgfsm.bot.token or define a "
                    + "TelegramClient bean)");
        }
        try {
            method.validate();
        }
        catch (TelegramApiValidationException ex) {
            throw new IllegalArgumentException("Invalid " + method.getMethod() + ": " + ex.getMessage(), ex);
        }
        boolean poll = method instanceof SendPoll || fallback instanceof SendPoll;
        calls.add(new OutboxCall(method, fallback, poll ? SentPolls.recording(onSent) : onSent));
    }

    synchronized List<OutboxCall> calls() {
        return List.copyOf(calls);
    }

    /** The id of the stored entry of these calls, assigned once so a repeated commit replaces it. */
    synchronized String entryId() {
        if (entryId == null) {
            entryId = relay.newEntryId();
        }
        return entryId;
    }

    /** Empties the outbox after its calls were committed. */
    synchronized void drained() {
        calls.clear();
        entryId = null;
    }
}
