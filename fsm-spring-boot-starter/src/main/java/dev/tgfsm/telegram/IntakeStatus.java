package dev.tgfsm.telegram;

import java.util.Objects;

/**
 * Where one bot's intake stands with the Bot API: whether its start-up calls ({@code deleteWebhook} or
 * {@code setWebhook}) and its latest {@code getUpdates} succeeded, and if not, why. Reported by the
 * {@code fsmIntake} health indicator.
 *
 * @param bot the bot's name ({@code default} for {@code tgfsm.bot})
 * @param state where the intake stands
 * @param reason why it is not {@link State#UP}, or {@code null}
 * @param failures consecutive failed attempts
 */
public record IntakeStatus(String bot, State state, String reason, int failures) {

    /** The name of the bot configured by {@code tgfsm.bot}. */
    public static final String DEFAULT_BOT = "default";

    /** Where an intake stands. */
    public enum State {
        /** Not tried yet. */
        STARTING,
        /** The Bot API answered the latest call. */
        UP,
        /** The latest call failed; the intake retries with a back-off. */
        RETRYING,
        /** The Bot API refused the token; the intake gave up. */
        FAILED
    }

    /**
     * Creates a status.
     *
     * @param bot the bot's name
     * @param state where the intake stands
     * @param reason why it is not up, or {@code null}
     * @param failures consecutive failed attempts
     */
    public IntakeStatus {
        Objects.requireNonNull(bot, "bot must not be null");
        Objects.requireNonNull(state, "state must not be null");
    }

    /**
     * The status of an intake that has not called the Bot API yet.
     *
     * @param bot the bot's name
     * @return the status
     */
    static IntakeStatus starting(String bot) {
        return new IntakeStatus(bot, State.STARTING, "not connected to the Bot API yet", 0);
    }

    IntakeStatus up() {
        return new IntakeStatus(bot, State.UP, null, 0);
    }

    IntakeStatus retrying(String why) {
        return new IntakeStatus(bot, State.RETRYING, why, failures + 1);
    }

    IntakeStatus failed(String why) {
        return new IntakeStatus(bot, State.FAILED, why, failures + 1);
    }
}
