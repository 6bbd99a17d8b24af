package dev.tgfsm.flow;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The commands that work in every state and every flow, with their texts. Setting a command's name
 * to {@code null} disables it.
 *
 * @param cancel leaves the current flow and clears the state (default {@code cancel}), or {@code null}
 *        when off
 * @param back goes one step back in the current flow (default {@code back}), or {@code null} when off
 * @param help shows help for the current step (default {@code help}), or {@code null} when off
 * @param start leaves the current flow, then lets the bot's own {@code /start} handler run
 *        (default {@code start}), or {@code null} when off
 * @param cancelled the reply to {@code /cancel}
 * @param nothingToCancel the reply to {@code /cancel} outside any flow or state
 * @param atFirstStep the reply to {@code /back} at a flow's first step
 * @param globalHelp the reply to {@code /help} outside flows, or {@code null} to let the bot's own
 *        handler answer
 * @param tooManyAttempts the reply when a flow is cancelled after too many invalid inputs
 * @param chooseAnOption the reply to an input that is not one of a step's buttons
 * @param reset clears the whole conversation except preferences (default {@code reset}), or {@code null}
 *        when off; see {@link ConversationReset}
 * @param resetDone the reply to {@code /reset}
 */
public record EscapeCommands(@Nullable String cancel, @Nullable String back, @Nullable String help,
        @Nullable String start,
        String cancelled, String nothingToCancel, String atFirstStep, @Nullable String globalHelp,
        String tooManyAttempts,
        String chooseAnOption, @Nullable String reset, String resetDone) {

    /** The default reply to {@code /reset}. */
    public static final String DEFAULT_RESET_DONE = "Session reset. All data cleared.";

    /**
     * Escape commands with the default {@code /reset}.
     *
     * @param cancel the cancel command, or {@code null} to disable it
     * @param back the back command, or {@code null} to disable it
     * @param help the help command, or {@code null} to disable it
     * @param start the start command, or {@code null} to disable it
     * @param cancelled the reply to {@code /cancel}
     * @param nothingToCancel the reply to {@code /cancel} outside any flow or state
     * @param atFirstStep the reply to {@code /back} at a flow's first step
     * @param globalHelp the reply to {@code /help} outside flows, or {@code null}
     * @param tooManyAttempts the reply when a flow is cancelled after too many invalid inputs
     * @param chooseAnOption the reply to an input that is not one of a step's buttons
     */
    public EscapeCommands(@Nullable String cancel, @Nullable String back, @Nullable String help, @Nullable String start,
            String cancelled, String nothingToCancel, String atFirstStep, @Nullable String globalHelp,
            String tooManyAttempts,
            String chooseAnOption) {
        this(cancel, back, help, start, cancelled, nothingToCancel, atFirstStep, globalHelp, tooManyAttempts,
                chooseAnOption, "reset", DEFAULT_RESET_DONE);
    }

    /**
     * Validates the texts.
     *
     * @param cancel the cancel command without slash, or {@code null} to disable it
     * @param back the back command without slash, or {@code null} to disable it
     * @param help the help command without slash, or {@code null} to disable it
     * @param start the start command without slash, or {@code null} to disable it
     * @param cancelled the reply to {@code /cancel}, not {@code null}
     * @param nothingToCancel the reply to {@code /cancel} outside any flow or state, not {@code null}
     * @param atFirstStep the reply to {@code /back} at a flow's first step, not {@code null}
     * @param globalHelp the reply to {@code /help} outside flows, or {@code null} to leave it to the bot
     * @param tooManyAttempts the reply when a flow is cancelled after too many invalid inputs, not {@code null}
     * @param chooseAnOption the reply to an input that is not one of a step's buttons, not {@code null}
     * @param reset the reset command without slash, or {@code null} to disable it
     * @param resetDone the reply to {@code /reset}, not {@code null}
     */
    public EscapeCommands {
        Objects.requireNonNull(cancelled, "cancelled must not be null");
        Objects.requireNonNull(nothingToCancel, "nothingToCancel must not be null");
        Objects.requireNonNull(atFirstStep, "atFirstStep must not be null");
        Objects.requireNonNull(tooManyAttempts, "tooManyAttempts must not be null");
        Objects.requireNonNull(chooseAnOption, "chooseAnOption must not be null");
        Objects.requireNonNull(resetDone, "resetDone must not be null");
    }

    /**
     * The defaults: {@code /cancel}, {@code /back}, {@code /help} and {@code /start} all enabled,
     * English texts.
     *
     * @return the defaults
     */
    public static EscapeCommands ofDefaults() {
        return new EscapeCommands("cancel", "back", "help", "start",
                "Cancelled. Use /start to begin again.", "Nothing to cancel.", "This is the first step.", null,
                "Too many invalid attempts. Operation cancelled. Use /start to try again.",
                "Please choose one of the options.");
    }

    /**
     * A copy with another global help text.
     *
     * @param text the help shown outside flows, or {@code null}
     * @return the copy
     */
    public EscapeCommands withGlobalHelp(@Nullable String text) {
        return new EscapeCommands(cancel, back, help, start, cancelled, nothingToCancel, atFirstStep, text,
                tooManyAttempts, chooseAnOption, reset, resetDone);
    }

    /**
     * A copy with other command names; {@code null} disables a command.
     *
     * @param cancelCommand the cancel command, or {@code null} to disable it
     * @param backCommand the back command, or {@code null} to disable it
     * @param helpCommand the help command, or {@code null} to disable it
     * @param startCommand the start command, or {@code null} to disable it
     * @return the copy
     */
    public EscapeCommands withCommands(@Nullable String cancelCommand, @Nullable String backCommand,
            @Nullable String helpCommand, @Nullable String startCommand) {
        return new EscapeCommands(cancelCommand, backCommand, helpCommand, startCommand, cancelled, nothingToCancel,
                atFirstStep, globalHelp, tooManyAttempts, chooseAnOption, reset, resetDone);
    }

    /**
     * A copy with another {@code /reset}.
     *
     * @param command the command name, or {@code null} to disable {@code /reset}
     * @param done the reply
     * @return the copy
     */
    public EscapeCommands withReset(@Nullable String command, String done) {
        return new EscapeCommands(cancel, back, help, start, cancelled, nothingToCancel, atFirstStep, globalHelp,
                tooManyAttempts, chooseAnOption, command, done);
    }
}
