package dev.tgfsm.actuator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.tgfsm.Internal;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.flow.ConversationReset;
import dev.tgfsm.key.Glob;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;

/**
 * The actuator endpoint {@code fsmconversations}: looks up one conversation by its exact ids and
 * resets it. {@code GET /actuator/fsmconversations/{chat}/{user}} (optionally {@code ?bot=&thread=})
 * shows every slot of the conversation (state, data, version, timestamps; the history is the
 * {@code scenes_history} slot), its lock (whether held and the lease's remaining time), its idle
 * deadline, the tracked garbage and the pending outbox entries, and beside them the user's
 * {@linkplain DataScope#USER user scope} and the chat's {@linkplain DataScope#CHAT chat scope}
 * (under {@code scopes}, cut like the slots; not the bot scope). {@code DELETE} on the same path
 * resets it as {@code /reset} does (every slot but the preferences), through {@link Conversations},
 * so under the conversation's lock and in its turn; only when {@code tgfsm.admin.writes-enabled} is
 * set, else it answers 403.
 *
 * <p>There is no search: ids are exact numbers (anything else is a 400), and only the slots of that
 * one conversation are read. Data values longer than the configured cap are cut. Seeing whether the
 * lock is held takes it for an instant when it is free (released at once); the holder's token is never
 * shown.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
@Endpoint(id = "fsmconversations")
public class FsmConversationsEndpoint {

    private static final Duration PROBE = Duration.ofSeconds(2);

    private static final long RESET_TIMEOUT_SECONDS = 30;

    private final FsmStorage storage;

    private final Conversations conversations;

    private final KeyStrategy strategy;

    private final ConversationView view;

    private final boolean writesEnabled;

    /**
     * Creates the endpoint.
     *
     * @param storage where conversations are kept
     * @param conversations runs the reset in the conversation's turn
     * @param strategy how the application keys conversations
     * @param maxValueChars the most characters of one data value shown
     * @param writesEnabled whether resetting is allowed
     */
    public FsmConversationsEndpoint(FsmStorage storage, Conversations conversations, KeyStrategy strategy,
            int maxValueChars, boolean writesEnabled) {
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.conversations = Objects.requireNonNull(conversations, "conversations must not be null");
        this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
        this.view = new ConversationView(maxValueChars);
        this.writesEnabled = writesEnabled;
    }

    /**
     * Shows one conversation.
     *
     * @param chat the chat id
     * @param user the user id
     * @param bot the bot id, or {@code null} for the application's first bot
     * @param thread the forum topic, or {@code null}
     * @return the conversation's slots, lock, deadline, garbage and outbox, and the user's and chat's scopes
     */
    @ReadOperation
    public Map<String, Object> conversation(@Selector String chat, @Selector String user, @Nullable String bot,
            @Nullable String thread) {
        StorageKey key = key(chat, user, bot, thread);
        List<StorageKey> slots;
        KeyRenderer renderer = new KeyRenderer();
        String pattern = Glob.quote(renderer.conversation(key).substring(renderer.prefix().length())) + ":*";
        try (Stream<StorageKey> found = storage.listKeys(pattern)) {
            slots = found.filter(k -> key.sameConversation(k) && DataScope.ofDestiny(k.destiny()).isEmpty()).toList();
        }
        Map<StorageKey, FsmRecord> records = slots.isEmpty() ? Map.of() : storage.loadAll(slots);
        // read on their own: on Redis Cluster the scopes may live in other hash slots than the conversation
        FsmRecord userData = storage.load(DataScope.USER.keyOf(key));
        FsmRecord chatData = storage.load(DataScope.CHAT.keyOf(key));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bot", key.botId());
        out.put("chat", key.chatId());
        out.put("user", key.userId());
        out.put("thread", key.threadId());
        out.put("lock", lock(key));
        out.putAll(view.describe(key, records));
        out.put("scopes", view.scopes(userData, chatData));
        out.put("writesEnabled", writesEnabled);
        return out;
    }

    /**
     * Resets one conversation as {@code /reset} does, under its lock.
     *
     * @param chat the chat id
     * @param user the user id
     * @param bot the bot id, or {@code null} for the application's first bot
     * @param thread the forum topic, or {@code null}
     * @return 200 with the reset key, or 403 when writes are disabled
     */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> reset(@Selector String chat, @Selector String user,
            @Nullable String bot, @Nullable String thread) {
        StorageKey key = key(chat, user, bot, thread);
        if (!writesEnabled) {
            return new WebEndpointResponse<>(Map.<String, Object>of("error",
                    "Resetting conversations is disabled; set tgfsm.admin.writes-enabled=true to allow it"),
                    403);
        }
        UpdateIdentity identity = new UpdateIdentity(key.chatId(), key.userId(), key.threadId(), null);
        try {
            conversations.forBot(key.botId()).of(identity).run(c -> {
                new ConversationReset().reset(FsmTransactions.of(c.transaction()), null);
                return null;
            }).get(RESET_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting " + key, ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not reset " + key + ": " + ex.getMessage(), ex);
        }
        return new WebEndpointResponse<>(Map.of("reset", true, "chat", key.chatId(), "user", key.userId()));
    }

    private StorageKey key(String chat, String user, @Nullable String bot, @Nullable String thread) {
        long chatId = number("chat", chat);
        long userId = number("user", user);
        long botId;
        if (bot == null || bot.isEmpty()) {
            botId = conversations.of(chatId, userId).botId();
        }
        else {
            botId = number("bot", bot);
            try {
                conversations.forBot(botId);
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
            }
        }
        Long threadId = thread == null || thread.isEmpty() ? null : number("thread", thread);
        return strategy.keyOf(botId, new UpdateIdentity(chatId, userId, threadId, null));
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException ex) {
            String message = name + " must be a whole number (an exact Telegram id, no patterns), was '"
                    + ConversationView.cut(value, 40) + "'";
            throw new InvalidEndpointRequestException(message, message);
        }
    }

    private Map<String, Object> lock(StorageKey key) {
        Lease probe = Lease.random(PROBE);
        LockAttempt attempt = storage.lockAndLoad(key, probe, List.of());
        if (attempt.acquired()) {
            storage.unlock(key, probe);
            return Map.of("held", false);
        }
        return Map.of("held", true, "leaseRemainingMillis", attempt.holderRemaining().toMillis());
    }
}
