package dev.tgfsm.conversation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.scene.SceneNavigator;

/**
 * Hands out a {@link Conversation} for any user, to drive it from outside an update: from a
 * scheduler, a payment webhook or an admin action. Every operation runs through the update
 * dispatcher of the conversation's bot ({@link UpdateDispatcher#submitWork}), so it takes the same
 * turn and the same lock as that user's updates and never races one in flight.
 *
 * <p>Each bot's dispatcher is {@linkplain #register registered} (the Spring starter does it for
 * every bot); the first one is the default of {@link #of(long, long)}, and {@link #forBot(long)} or
 * {@link #forBot(String)} pick another. Thread-safe.
 */
public final class Conversations {

    private final Registry registry;

    private final @Nullable Long botId;

    /**
     * Creates an empty registry; register each bot's dispatcher before use.
     *
     * @param flows starts, moves and cancels flows, or {@code null} when the bot has none
     * @param scenes enters and exits scenes, or {@code null} when the bot has none
     */
    public Conversations(@Nullable FlowEngine flows, @Nullable SceneNavigator scenes) {
        this(new Registry(() -> flows, () -> scenes), null);
    }

    /**
     * Creates an empty registry that looks the flow engine and the scenes up when an operation needs
     * them, for containers where they are made after it (a flow bean that injects these conversations).
     *
     * @param flows gives the flow engine, or {@code null} when the bot has none
     * @param scenes gives the scenes, or {@code null} when the bot has none
     * @return the registry
     */
    public static Conversations lookingUp(Supplier<@Nullable FlowEngine> flows,
            Supplier<@Nullable SceneNavigator> scenes) {
        return new Conversations(new Registry(Objects.requireNonNull(flows, "flows must not be null"),
                Objects.requireNonNull(scenes, "scenes must not be null")), null);
    }

    /**
     * Creates the conversations of one bot.
     *
     * @param dispatcher the bot's update dispatcher
     * @param flows starts, moves and cancels flows, or {@code null} when the bot has none
     * @param scenes enters and exits scenes, or {@code null} when the bot has none
     */
    public Conversations(UpdateDispatcher dispatcher, @Nullable FlowEngine flows, @Nullable SceneNavigator scenes) {
        this(flows, scenes);
        register(null, dispatcher);
    }

    private Conversations(Registry registry, @Nullable Long botId) {
        this.registry = registry;
        this.botId = botId;
    }

    /**
     * Registers a bot's update dispatcher; the first registered is the default bot.
     *
     * @param name the bot's name (as in {@code tgfsm.bots[*].name}), or {@code null}
     * @param dispatcher its dispatcher
     */
    public void register(@Nullable String name, UpdateDispatcher dispatcher) {
        Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        synchronized (registry) {
            registry.byId.putIfAbsent(dispatcher.botId(), dispatcher);
            if (name != null) {
                registry.byName.putIfAbsent(name, dispatcher.botId());
            }
        }
    }

    /**
     * Returns the conversations of another bot of the application.
     *
     * @param id the bot's id
     * @return its conversations
     * @throws IllegalArgumentException if no dispatcher of that bot is registered
     */
    public Conversations forBot(long id) {
        dispatcher(id);
        return new Conversations(registry, id);
    }

    /**
     * Returns the conversations of another bot of the application, by its name.
     *
     * @param name the bot's name, as in {@code tgfsm.bots[*].name} ({@code default} for {@code tgfsm.bot})
     * @return its conversations
     * @throws IllegalArgumentException if no bot of that name is registered
     */
    public Conversations forBot(String name) {
        Long id;
        synchronized (registry) {
            id = registry.byName.get(name);
            if (id == null) {
                throw new IllegalArgumentException("No bot named '" + name + "'; known bots: "
                        + registry.byName.keySet());
            }
        }
        return new Conversations(registry, id);
    }

    /**
     * Returns the conversation of a user in a chat (a private chat: the user's own id as the chat).
     *
     * @param chatId the chat
     * @param userId the user
     * @return the conversation handle
     * @throws IllegalStateException if no dispatcher is registered yet
     */
    public Conversation of(long chatId, long userId) {
        return of(new UpdateIdentity(chatId, userId, null, null));
    }

    /**
     * Returns the conversation of an identity, for a forum topic or a business connection too.
     *
     * @param identity the chat, user, topic and business connection
     * @return the conversation handle
     * @throws IllegalStateException if no dispatcher is registered yet
     * @throws IllegalArgumentException if the identity names neither a chat nor a user
     */
    public Conversation of(UpdateIdentity identity) {
        Objects.requireNonNull(identity, "identity must not be null");
        if (identity.chatId() == null && identity.userId() == null) {
            throw new IllegalArgumentException("A conversation needs a chat or a user: " + identity);
        }
        return new Conversation(dispatcher(botId), identity, registry.flows, registry.scenes);
    }

    private UpdateDispatcher dispatcher(@Nullable Long id) {
        synchronized (registry) {
            if (registry.byId.isEmpty()) {
                throw new IllegalStateException("No update dispatcher is registered with these Conversations yet");
            }
            if (id == null) {
                return registry.byId.values().iterator().next();
            }
            UpdateDispatcher dispatcher = registry.byId.get(id);
            if (dispatcher == null) {
                throw new IllegalArgumentException("No bot with id " + id + "; known bots: " + registry.byId.keySet());
            }
            return dispatcher;
        }
    }

    /** The dispatchers of every bot, shared by the views of {@link #forBot}. */
    private static final class Registry {

        final Map<Long, UpdateDispatcher> byId = new LinkedHashMap<>();

        final Map<String, Long> byName = new LinkedHashMap<>();

        final Supplier<@Nullable FlowEngine> flows;

        final Supplier<@Nullable SceneNavigator> scenes;

        Registry(Supplier<@Nullable FlowEngine> flows, Supplier<@Nullable SceneNavigator> scenes) {
            this.flows = flows;
            this.scenes = scenes;
        }
    }
}
