package dev.tgfsm.telegram;

/**
 * A bot's way in from the Bot API (long polling, or the registration of its webhook), as far as health
 * is concerned: the {@code fsmIntake} health indicator reports every such bean.
 */
public interface BotIntake {

    /**
     * Returns where the intake stands with the Bot API.
     *
     * @return the status, never {@code null}
     */
    IntakeStatus intakeStatus();
}
