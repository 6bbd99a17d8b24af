package dev.tgfsm.dispatch;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.ScopedData;
import dev.tgfsm.context.UnitOfWork;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.storage.FsmStorage;

/**
 * One update being handled: the update, who it is from, and its conversation's unit of work. For
 * an update that names neither a chat nor a user there is no key and no context.
 *
 * <p>The dispatcher makes one per update: before the lock it has no unit of work; each attempt of
 * the unit of work then enters it with that attempt's transaction, and with the attributes as they
 * were before the lock (what a failed attempt attached is gone).
 */
public final class UpdateContext {

    private final Update update;

    private final @Nullable UpdateIdentity identity;

    private final @Nullable StorageKey key;

    private volatile @Nullable FsmTransaction transaction;

    private final long botId;

    /** The bot's username as its dispatcher was told, "" for none; {@code null} when not told. */
    private final @Nullable String botUsername;

    /**
     * The attributes, names and values alternating (the few an update carries are found faster in a
     * row than through a hash table); {@code null} until the first one. Guarded by this object.
     */
    private Object @Nullable [] attributes;

    private int attributeCount;

    /** Whether an attempt of the unit of work entered this context; guarded by this object. */
    private boolean entered;

    /** The attributes set before the lock, kept at the first entry when there were any. */
    private Object @Nullable [] admitted;

    private volatile boolean callbackAnswered;

    /** The storage whose lock this update will take, while a rate-limit check may ride with it. */
    private volatile @Nullable FsmStorage lockStorage;

    private volatile @Nullable LockThrottle lockThrottle;

    private volatile boolean locks;

    UpdateContext(Update update, @Nullable UpdateIdentity identity, @Nullable StorageKey key,
            @Nullable FsmTransaction transaction, long botId, @Nullable String botUsername) {
        this.update = Objects.requireNonNull(update, "update must not be null");
        this.identity = identity;
        this.key = key;
        this.transaction = transaction;
        this.botId = botId;
        this.botUsername = botUsername;
    }

    /** Telegram's {@code language_code} of the user who sent a message, edit or button press, or {@code null}. */
    private static @Nullable String senderLanguage(Update update) {
        User from = update.getMessage() != null ? update.getMessage().getFrom()
                : update.getEditedMessage() != null ? update.getEditedMessage().getFrom()
                : update.getCallbackQuery() != null ? update.getCallbackQuery().getFrom() : null;
        return from == null ? null : from.getLanguageCode();
    }

    /**
     * Enters an attempt of the unit of work: from now on the context has that attempt's
     * transaction, the attributes set before the lock (and none that an earlier attempt attached),
     * and its callback query counts as unanswered, as for a context made for the attempt.
     *
     * @param tx the attempt's transaction, or {@code null} for an update without a conversation
     * @return this context
     */
    UpdateContext enter(@Nullable FsmTransaction tx) {
        synchronized (this) {
            if (!entered) {
                entered = true;
                if (attributeCount > 0) {
                    admitted = Arrays.copyOf(attributes, 2 * attributeCount);
                }
            }
            else {
                restoreAdmitted(this);
            }
            callbackAnswered = false;
        }
        transaction = tx;
        if (tx != null) {
            tx.setLanguage(senderLanguage(update));
        }
        return this;
    }

    /**
     * A context of the same update without a unit of work, with the attributes set before the lock:
     * for work beside the attempts (such as the recovery of a corrupt record), which this context
     * enters meanwhile.
     */
    UpdateContext detached() {
        UpdateContext copy = new UpdateContext(update, identity, key, null, botId, botUsername);
        synchronized (this) {
            if (entered) {
                restoreAdmitted(copy);
            }
            else if (attributeCount > 0) {
                copy.attributes = Arrays.copyOf(attributes, 2 * attributeCount);
                copy.attributeCount = attributeCount;
            }
        }
        return copy;
    }

    /** Gives {@code into} the attributes set before the lock, as a copy it owns. */
    private void restoreAdmitted(UpdateContext into) {
        Object[] before = admitted;
        into.attributes = before == null ? null : before.clone();
        into.attributeCount = before == null ? 0 : before.length / 2;
    }

    /** The identity, or {@code null}: {@link #identity()} without the {@code Optional}. */
    @Nullable
    UpdateIdentity identityOrNull() {
        return identity;
    }

    /**
     * Returns the update.
     *
     * @return the update
     */
    public Update update() {
        return update;
    }

    /**
     * Returns who the update is from and where.
     *
     * @return the identity, empty for updates without chat and user
     */
    public Optional<UpdateIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /**
     * Returns the id of the bot the update came to: that of its dispatcher, also in its key.
     *
     * @return the bot id
     */
    public long botId() {
        return botId;
    }

    /**
     * Returns the username of the bot the update came to, as its dispatcher was told
     * ({@link UpdateDispatcher#setBotUsername}): the one rule for whether a {@code /command@name} is
     * addressed to this bot, in an application that serves several.
     *
     * @param fallback the username to use when the dispatcher was not told one
     * @return the username, or {@code null} when the bot has none (then every address is accepted)
     */
    public @Nullable String botUsername(@Nullable String fallback) {
        if (botUsername == null) {
            return fallback;
        }
        return botUsername.isEmpty() ? null : botUsername;
    }

    /**
     * Tells whether the update has a conversation.
     *
     * @return {@code true} if {@link #context()} is available
     */
    public boolean hasConversation() {
        return transaction != null;
    }

    /**
     * Returns the conversation's key, computed once by the dispatcher; available before the lock
     * too.
     *
     * @return the key in the default destiny
     * @throws IllegalStateException for an update that names neither a chat nor a user
     */
    public StorageKey key() {
        if (key == null) {
            throw new IllegalStateException("This update (id " + update.getUpdateId()
                    + ") names neither a chat nor a user, so it has no conversation key");
        }
        return key;
    }

    /**
     * Returns the context of the main slot.
     *
     * @return the context
     * @throws IllegalStateException for an update without a conversation
     */
    public FsmContext context() {
        return transaction().context();
    }

    /**
     * Returns the data of a scope beyond the conversation: the user's across chats, the chat's
     * across users, or the bot's.
     *
     * @param scope the scope
     * @return the scope's data, bound to this update's unit of work
     * @throws IllegalStateException if the update has no conversation
     */
    public ScopedData scope(DataScope scope) {
        return transaction().scope(scope);
    }

    /**
     * Returns the conversation's unit of work: its contexts, scopes, outbox and work after the
     * commit (the engine commits it after the handler).
     *
     * @return the unit of work
     * @throws IllegalStateException for an update without a conversation
     */
    public UnitOfWork transaction() {
        if (transaction == null) {
            throw new IllegalStateException("This update (id " + update.getUpdateId()
                    + ") names neither a chat nor a user, so it has no conversation context");
        }
        return transaction;
    }

    /**
     * Records that the update's callback query was answered ({@code answerCallbackQuery}), so the
     * library does not answer it again. Called by whatever sends the answer.
     */
    public void markCallbackAnswered() {
        this.callbackAnswered = true;
    }

    /**
     * Tells whether the update's callback query was answered through the library.
     *
     * @return {@code true} once {@link #markCallbackAnswered()} was called
     */
    public boolean isCallbackAnswered() {
        return callbackAnswered;
    }

    /** {@link DispatcherHooks#canThrottleWithLock}. */
    boolean canThrottleWithLock(FsmStorage storage) {
        return locks && canThrottleWithLoad(storage);
    }

    /** {@link DispatcherHooks#canThrottleWithLoad}. */
    boolean canThrottleWithLoad(FsmStorage storage) {
        return storage != null && lockStorage == storage && transaction == null;
    }

    /** {@link DispatcherHooks#throttleWithLock}. */
    void throttleWithLock(LockThrottle check) {
        Objects.requireNonNull(check, "check must not be null");
        if (lockStorage == null || transaction != null) {
            throw new IllegalStateException("This update's lock request cannot carry a rate-limit check");
        }
        this.lockThrottle = check;
    }

    /** {@link DispatcherHooks#keepThrottleApartFromLock}. */
    void keepThrottleApartFromLock() {
        this.lockStorage = null;
    }

    /**
     * Lets checks on {@code storage} ride in the unit of work's first call, its lock request if
     * {@code locks} (the dispatcher, before admission).
     */
    void lockStorage(FsmStorage storage, boolean locks) {
        this.lockStorage = storage;
        this.locks = locks;
    }

    /** The check handed to the lock request and not yet answered, or {@code null}; then forgets it. */
    LockThrottle takeLockThrottle() {
        LockThrottle check = lockThrottle;
        lockThrottle = null;
        return check;
    }

    /**
     * Returns an attribute that other parts of the pipeline attached to this update.
     *
     * @param name the attribute
     * @return its value, or {@code null}
     */
    public synchronized @Nullable Object attribute(Object name) {
        int at = attributeIndex(Objects.requireNonNull(name, "name must not be null"));
        return at < 0 ? null : attributes[at + 1];
    }

    /**
     * Attaches an attribute to this update.
     *
     * @param name the attribute
     * @param value its value, {@code null} to remove
     */
    public synchronized void attribute(Object name, @Nullable Object value) {
        int at = attributeIndex(Objects.requireNonNull(name, "name must not be null"));
        if (at >= 0) {
            if (value != null) {
                attributes[at + 1] = value;
                return;
            }
            attributeCount--;
            System.arraycopy(attributes, at + 2, attributes, at, 2 * attributeCount - at);
            attributes[2 * attributeCount] = null;
            attributes[2 * attributeCount + 1] = null;
            return;
        }
        if (value == null) {
            return;
        }
        if (attributes == null) {
            attributes = new Object[4];
        }
        else if (2 * attributeCount == attributes.length) {
            attributes = Arrays.copyOf(attributes, 2 * attributes.length);
        }
        attributes[2 * attributeCount] = name;
        attributes[2 * attributeCount + 1] = value;
        attributeCount++;
    }

    /** The index of an attribute's name in {@link #attributes}, or -1. */
    private int attributeIndex(Object name) {
        for (int i = 0; i < 2 * attributeCount; i += 2) {
            if (attributes[i] == name || attributes[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
