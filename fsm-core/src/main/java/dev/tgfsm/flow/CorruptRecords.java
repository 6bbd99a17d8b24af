package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.Internal;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.CorruptRecordRecovery;
import dev.tgfsm.dispatch.UpdateAudience;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.routing.BotCommand;
import dev.tgfsm.storage.FsmStorage;

/**
 * Keeps a user whose stored record cannot be decoded from being stranded: the standard
 * {@link CorruptRecordRecovery} of the dispatcher.
 *
 * <p>First the raw record is logged once at WARN with its key (at most
 * {@value #MAX_LOGGED_CHARS} characters of it). Then, by {@link CorruptRecordPolicy}:
 * <ul>
 * <li>{@link CorruptRecordPolicy#RESET RESET}: under the conversation's lock, the slots that still
 * cannot be decoded are found (the main slot, the history, the preferences and the preloaded
 * slots are probed) and deleted with {@link FsmStorage#purge}, together with the main slot and the
 * history, so the conversation starts afresh; readable preferences are kept. The user is told
 * (the reset notice, for messages and callback queries in chats the bot talks in) and the update
 * is handled normally on the fresh record. A {@code /reset} gets no notice: its own answer
 * follows.</li>
 * <li>{@link CorruptRecordPolicy#KEEP KEEP}: the record stays as it is and the update goes to the
 * {@link CorruptRecordHandler} (by default the keep notice, which tells the user to send
 * {@code /reset}); a callback query the handler leaves unanswered is answered. A {@code /reset} deletes the records as RESET does and is then handled as
 * usual.</li>
 * </ul>
 * If another instance already repaired the conversation, nothing is deleted and nobody is told.
 * A slot outside the probed ones that still cannot be decoded on the retry goes the KEEP way.
 * Thread-safe and immutable.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class CorruptRecords implements CorruptRecordRecovery {

    /** The notice of the reset policy, unless configured otherwise. */
    public static final String DEFAULT_RESET_NOTICE = "Your session data could not be read and was reset.";

    /** The notice of the keep policy's default handler, unless configured otherwise. */
    public static final String DEFAULT_KEEP_NOTICE = "Your session data could not be read. Send /reset to start over.";

    /** How many characters of a raw record the log shows at most. */
    public static final int MAX_LOGGED_CHARS = 1000;

    private static final Logger log = LoggerFactory.getLogger(CorruptRecords.class);

    private final FsmContexts contexts;

    private final Messenger messenger;

    private final CorruptRecordPolicy policy;

    private final @Nullable String resetNotice;

    private final @Nullable String resetCommand;

    private final @Nullable String botUsername;

    private final @Nullable CorruptRecordHandler handler;

    private final MessageResolver messages;

    private CorruptRecords(Builder b) {
        this.contexts = b.contexts;
        this.messenger = b.messenger;
        this.policy = b.policy;
        this.resetNotice = b.resetNotice;
        this.resetCommand = b.resetCommand;
        this.botUsername = b.botUsername;
        this.messages = b.messages;
        String keepNotice = b.keepNotice;
        this.handler = b.handler != null ? b.handler : (update, error) -> keepNotice(update, keepNotice);
    }

    /**
     * Starts building the recovery of a bot.
     *
     * @param contexts the bot's contexts (their storage and lock settings)
     * @param messenger tells the user
     * @return the builder
     */
    public static Builder builder(FsmContexts contexts, Messenger messenger) {
        return new Builder(contexts, messenger);
    }

    /**
     * Returns the policy.
     *
     * @return the policy
     */
    public CorruptRecordPolicy policy() {
        return policy;
    }

    @Override
    public void recover(UpdateContext update, StorageKey key, CorruptRecordException error, Retry retry)
            throws Exception {
        logRaw(key, error);
        boolean resetCommand = isResetCommand(update);
        if (policy == CorruptRecordPolicy.KEEP && !resetCommand) {
            keep(update, error);
            return;
        }
        long purged = purge(key);
        if (purged > 0 && !resetCommand && resetNotice != null && UpdateAudience.isAnswerable(update.update())) {
            try {
                messenger.send(update,
                        messages.configured(messages.localeOfSender(update.update()), LibraryText.CORRUPT_RESET,
                                resetNotice),
                        null);
            }
            catch (RuntimeException ex) {
                log.warn("Could not tell conversation {} that its record was reset: {}", key, ex.toString());
            }
        }
        try {
            retry.run();
        }
        catch (CorruptRecordException again) {
            logRaw(key, again);
            log.warn("Conversation {} still has a record that cannot be decoded after the reset; the update goes to"
                    + " the corrupt-record handler", key);
            keep(update, again);
        }
    }

    /** Runs the keep handler; a callback query it left unanswered is answered so the button stops. */
    private void keep(UpdateContext update, CorruptRecordException error) throws Exception {
        try {
            handler.handle(update, error);
        }
        finally {
            if (update.update().getCallbackQuery() != null && !update.isCallbackAnswered()) {
                try {
                    messenger.answerCallback(update, null);
                }
                catch (RuntimeException ex) {
                    log.debug("Could not answer the callback query of update {}: {}", update.update().getUpdateId(),
                            ex.toString());
                }
            }
        }
    }

    /** Deletes what cannot be decoded (with the main slot and history) under the lock; 0 if all reads. */
    private long purge(StorageKey key) {
        FsmStorage storage = contexts.storage();
        return contexts.withLock(key, () -> {
            Set<StorageKey> corrupt = new LinkedHashSet<>();
            for (StorageKey candidate : candidates(key)) {
                try {
                    storage.load(candidate);
                }
                catch (CorruptRecordException ex) {
                    corrupt.add(candidate);
                }
            }
            if (corrupt.isEmpty()) {
                log.debug("Conversation {} reads again; another update repaired it", key);
                return 0L;
            }
            corrupt.add(key);
            corrupt.add(key.withDestiny(HistoryManager.DEFAULT_DESTINY));
            long removed = storage.purge(List.copyOf(corrupt));
            log.warn("Deleted {} record(s) of conversation {} that could not be decoded (policy {})", removed, key,
                    policy);
            return Math.max(removed, 1L);
        });
    }

    private List<StorageKey> candidates(StorageKey key) {
        Set<String> destinies = new LinkedHashSet<>();
        destinies.add(StorageKey.DEFAULT_DESTINY);
        destinies.add(HistoryManager.DEFAULT_DESTINY);
        destinies.add(ContextConfig.PREFERENCES_DESTINY);
        destinies.addAll(contexts.options().preload());
        List<StorageKey> keys = new ArrayList<>(destinies.size());
        for (String destiny : destinies) {
            // a declared scope (the user's data, say) is its own record, not a slot of this conversation
            keys.add(DataScope.ofDestiny(destiny).map(scope -> scope.keyOf(key)).orElse(key.withDestiny(destiny)));
        }
        return keys;
    }

    private boolean isResetCommand(UpdateContext update) {
        return BotCommand.of(update.update()).filter(c -> c.is(resetCommand, update.botUsername(botUsername)))
                .isPresent();
    }

    private void keepNotice(UpdateContext update, String text) {
        if (text != null && UpdateAudience.isAnswerable(update.update())) {
            messenger.send(update,
                    messages.configured(messages.localeOfSender(update.update()), LibraryText.CORRUPT_KEPT, text),
                    null);
        }
    }

    private static void logRaw(StorageKey key, CorruptRecordException error) {
        String raw = error.raw();
        if (raw == null) {
            raw = "(not available)";
        }
        else if (raw.length() > MAX_LOGGED_CHARS) {
            raw = raw.substring(0, MAX_LOGGED_CHARS) + "... (" + raw.length() + " characters in all)";
        }
        log.warn("{} (conversation {}); raw record: {}", error.getMessage(), key, raw);
    }

    /**
     * Collects the policy, texts and handler of a {@link CorruptRecords}.
     */
    public static final class Builder {

        private final FsmContexts contexts;

        private final Messenger messenger;

        private CorruptRecordPolicy policy = CorruptRecordPolicy.RESET;

        private @Nullable String resetNotice = DEFAULT_RESET_NOTICE;

        private @Nullable String keepNotice = DEFAULT_KEEP_NOTICE;

        private @Nullable String resetCommand = EscapeCommands.ofDefaults().reset();

        private @Nullable CorruptRecordHandler handler;

        private @Nullable String botUsername;

        private MessageResolver messages = MessageResolver.english();

        private Builder(FsmContexts contexts, Messenger messenger) {
            this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
            this.messenger = Objects.requireNonNull(messenger, "messenger must not be null");
        }

        /**
         * Sets the policy (default {@link CorruptRecordPolicy#RESET}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder policy(CorruptRecordPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy must not be null");
            return this;
        }

        /**
         * Sets what the user is told after a reset (default {@link #DEFAULT_RESET_NOTICE}).
         *
         * @param text the text, or {@code null} to say nothing
         * @return this builder
         */
        public Builder resetNotice(@Nullable String text) {
            this.resetNotice = text == null || text.isBlank() ? null : text;
            return this;
        }

        /**
         * Sets what the default keep handler tells the user (default {@link #DEFAULT_KEEP_NOTICE}).
         *
         * @param text the text, or {@code null} to say nothing
         * @return this builder
         */
        public Builder keepNotice(@Nullable String text) {
            this.keepNotice = text == null || text.isBlank() ? null : text;
            return this;
        }

        /**
         * Sets how the notices are put in the user's language (Telegram's {@code language_code}:
         * the record cannot be read, its preferences neither); English by default.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder messages(MessageResolver resolver) {
            this.messages = Objects.requireNonNull(resolver, "resolver must not be null");
            return this;
        }

        /**
         * Sets the reset command that deletes a corrupt record under either policy (default
         * {@code reset}).
         *
         * @param command the command without the slash, or {@code null} for none
         * @return this builder
         */
        public Builder resetCommand(@Nullable String command) {
            this.resetCommand = command;
            return this;
        }

        /**
         * Sets the bot's username, so that a reset command addressed to another bot
         * ({@code /reset@OtherBot}) is not this bot's. Unset, commands addressed to any bot count. An update whose
         * dispatcher was told its bot's username ({@code UpdateDispatcher.setBotUsername}) uses that instead.
         *
         * @param username the username without {@code @}, or {@code null}
         * @return this builder
         */
        public Builder botUsername(@Nullable String username) {
            this.botUsername = BotCommand.username(username);
            return this;
        }

        /**
         * Sets the handler of the keep policy, replacing the keep notice.
         *
         * @param value the handler, or {@code null} for the keep notice
         * @return this builder
         */
        public Builder handler(@Nullable CorruptRecordHandler value) {
            this.handler = value;
            return this;
        }

        /**
         * Builds the recovery.
         *
         * @return the recovery
         */
        public CorruptRecords build() {
            return new CorruptRecords(this);
        }
    }
}
