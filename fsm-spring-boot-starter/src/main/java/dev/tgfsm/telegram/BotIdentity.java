package dev.tgfsm.telegram;

import java.util.Objects;

import dev.tgfsm.key.StorageKey;

/**
 * Which bot an update came to, for handlers of an application that serves several bots
 * ({@code tgfsm.bots}): declare a {@code BotIdentity} parameter on a {@code @BotController} method.
 * The id is also part of every conversation key ({@link StorageKey#botId()}), so each
 * bot's users have their own state even with equal chat ids.
 *
 * @param name the bot's name: {@value IntakeStatus#DEFAULT_BOT} for {@code tgfsm.bot}, else its
 *        {@code tgfsm.bots[*].name}
 * @param id the bot's id (the numeric prefix of its token, or its configured id)
 * @param username the bot's username without {@code @}, or {@code null} if not configured
 */
public record BotIdentity(String name, long id, String username) {

    /**
     * Creates an identity.
     *
     * @param name the bot's name
     * @param id the bot's id
     * @param username the bot's username, or {@code null}
     */
    public BotIdentity {
        Objects.requireNonNull(name, "name must not be null");
    }
}
