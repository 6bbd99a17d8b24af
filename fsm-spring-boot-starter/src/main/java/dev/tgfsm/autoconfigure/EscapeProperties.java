package dev.tgfsm.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.flow.EscapeCommands;

/**
 * Settings of the escape commands ({@code tgfsm.escapes.*}) that are not fixed by
 * {@link EscapeCommands#ofDefaults()}; an application's own {@link EscapeCommands} bean replaces them
 * all.
 */
@ConfigurationProperties("tgfsm.escapes")
public class EscapeProperties {

    /** The default name of the reset command. */
    public static final String DEFAULT_RESET = "reset";

    /** Whether /reset clears the conversation (all data but preferences). */
    private boolean resetEnabled = true;

    /** The name of the reset command, without the slash. */
    private String reset = DEFAULT_RESET;

    /** The reply to the reset command. */
    private String resetText = EscapeCommands.DEFAULT_RESET_DONE;

    /** Whether /back also goes back through the states handlers set (outside flows and scenes), up to tgfsm.history.size moves. */
    private boolean stateHistory = true;

    /** Whether /cancel (and /start in a flow or state) keeps the conversation's data; by default it clears it. */
    private boolean cancelKeepsData;

    /**
     * Tells whether {@code /back} goes back through the states handlers set.
     *
     * @return {@code true} if it does
     */
    public boolean isStateHistory() {
        return stateHistory;
    }

    /**
     * Sets whether {@code /back} goes back through the states handlers set.
     *
     * @param stateHistory {@code true} if it does
     */
    public void setStateHistory(boolean stateHistory) {
        this.stateHistory = stateHistory;
    }

    /**
     * Tells whether {@code /cancel} keeps the conversation's data.
     *
     * @return {@code true} if it keeps it
     */
    public boolean isCancelKeepsData() {
        return cancelKeepsData;
    }

    /**
     * Sets whether {@code /cancel} keeps the conversation's data.
     *
     * @param cancelKeepsData {@code true} to keep it
     */
    public void setCancelKeepsData(boolean cancelKeepsData) {
        this.cancelKeepsData = cancelKeepsData;
    }

    /**
     * Tells whether {@code /reset} is enabled.
     *
     * @return {@code true} if enabled
     */
    public boolean isResetEnabled() {
        return resetEnabled;
    }

    /**
     * Enables or disables {@code /reset}.
     *
     * @param resetEnabled {@code true} to enable
     */
    public void setResetEnabled(boolean resetEnabled) {
        this.resetEnabled = resetEnabled;
    }

    /**
     * Returns the reset command's name.
     *
     * @return the name
     */
    public String getReset() {
        return reset;
    }

    /**
     * Sets the reset command's name.
     *
     * @param reset the name, without the slash
     */
    public void setReset(String reset) {
        this.reset = reset;
    }

    /**
     * Returns the reply to the reset command.
     *
     * @return the text
     */
    public String getResetText() {
        return resetText;
    }

    /**
     * Sets the reply to the reset command.
     *
     * @param resetText the text
     */
    public void setResetText(String resetText) {
        this.resetText = resetText;
    }

    /**
     * Applies these settings to escape commands.
     *
     * @param escapes the escape commands
     * @return the copy with these settings
     */
    /** The escape commands' defaults. */
    private static final EscapeCommands DEFAULTS = EscapeCommands.ofDefaults();

    /** The cancel command, which leaves the current flow or state. */
    private final Command cancel = new Command("cancel");

    /** The back command, which goes one step back in a flow or scene. */
    private final Command back = new Command("back");

    /** The help command, which shows help for the current step. */
    private final Command help = new Command("help");

    /** The start command, which leaves the current flow, then reaches the bot's own /start. */
    private final Command start = new Command("start");

    /** The replies of the escape commands. */
    private final Texts texts = new Texts();

    /**
     * Returns the cancel command's settings.
     *
     * @return the settings
     */
    public Command getCancel() {
        return cancel;
    }

    /**
     * Returns the back command's settings.
     *
     * @return the settings
     */
    public Command getBack() {
        return back;
    }

    /**
     * Returns the help command's settings.
     *
     * @return the settings
     */
    public Command getHelp() {
        return help;
    }

    /**
     * Returns the start command's settings.
     *
     * @return the settings
     */
    public Command getStart() {
        return start;
    }

    /**
     * Returns the replies of the escape commands.
     *
     * @return the texts
     */
    public Texts getTexts() {
        return texts;
    }

    EscapeCommands applyTo(EscapeCommands escapes) {
        boolean on = resetEnabled && reset != null && !reset.isBlank();
        return new EscapeCommands(cancel.effectiveName(), back.effectiveName(), help.effectiveName(),
                start.effectiveName(), texts.cancelled, texts.nothingToCancel, texts.atFirstStep, texts.globalHelp,
                texts.tooManyAttempts, texts.chooseAnOption, escapes.reset(), escapes.resetDone())
                .withReset(on ? reset.strip() : null,
                        resetText != null ? resetText : EscapeCommands.DEFAULT_RESET_DONE);
    }

    /**
     * One escape command: its name and whether it is on.
     */
    public static class Command {

        /** Whether the command is on. */
        private boolean enabled = true;

        /** The command's name, without the slash. */
        private String name;

        private Command(String name) {
            this.name = name;
        }

        /**
         * Tells whether the command is on.
         *
         * @return {@code true} if on
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Turns the command on or off.
         *
         * @param enabled {@code true} for on
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Returns the command's name.
         *
         * @return the name, without the slash
         */
        public String getName() {
            return name;
        }

        /**
         * Sets the command's name.
         *
         * @param name the name, without the slash
         */
        public void setName(String name) {
            this.name = name;
        }

        @Nullable
        String effectiveName() {
            return enabled && name != null && !name.isBlank() ? name.strip() : null;
        }
    }

    /**
     * The replies of the escape commands.
     */
    public static class Texts {

        /** The reply to the cancel command. */
        private String cancelled = DEFAULTS.cancelled();

        /** The reply to the cancel command when there is nothing to cancel. */
        private String nothingToCancel = DEFAULTS.nothingToCancel();

        /** The reply to the back command at a flow's first step. */
        private String atFirstStep = DEFAULTS.atFirstStep();

        /** The reply to the help command outside flows; unset lets the bot's own /help handler answer. */
        private @Nullable String globalHelp = DEFAULTS.globalHelp();

        /** The reply when a flow is cancelled after too many invalid answers. */
        private String tooManyAttempts = DEFAULTS.tooManyAttempts();

        /** The reply to an answer that is none of a step's buttons. */
        private String chooseAnOption = DEFAULTS.chooseAnOption();

        /**
         * Returns the text: the reply to the cancel command.
         *
         * @return the text
         */
        public String getCancelled() {
            return cancelled;
        }

        /**
         * Sets the text: the reply to the cancel command.
         *
         * @param cancelled the text
         */
        public void setCancelled(String cancelled) {
            this.cancelled = cancelled;
        }

        /**
         * Returns the text: the reply to the cancel command when there is nothing to cancel.
         *
         * @return the text
         */
        public String getNothingToCancel() {
            return nothingToCancel;
        }

        /**
         * Sets the text: the reply to the cancel command when there is nothing to cancel.
         *
         * @param nothingToCancel the text
         */
        public void setNothingToCancel(String nothingToCancel) {
            this.nothingToCancel = nothingToCancel;
        }

        /**
         * Returns the text: the reply to the back command at a flow's first step.
         *
         * @return the text
         */
        public String getAtFirstStep() {
            return atFirstStep;
        }

        /**
         * Sets the text: the reply to the back command at a flow's first step.
         *
         * @param atFirstStep the text
         */
        public void setAtFirstStep(String atFirstStep) {
            this.atFirstStep = atFirstStep;
        }

        /**
         * Returns the text: the reply to the help command outside flows; unset lets the bot's own /help handler answer.
         *
         * @return the text, or {@code null} when unset
         */
        public @Nullable String getGlobalHelp() {
            return globalHelp;
        }

        /**
         * Sets the text: the reply to the help command outside flows; unset lets the bot's own /help handler answer.
         *
         * @param globalHelp the text
         */
        public void setGlobalHelp(@Nullable String globalHelp) {
            this.globalHelp = globalHelp;
        }

        /**
         * Returns the text: the reply when a flow is cancelled after too many invalid answers.
         *
         * @return the text
         */
        public String getTooManyAttempts() {
            return tooManyAttempts;
        }

        /**
         * Sets the text: the reply when a flow is cancelled after too many invalid answers.
         *
         * @param tooManyAttempts the text
         */
        public void setTooManyAttempts(String tooManyAttempts) {
            this.tooManyAttempts = tooManyAttempts;
        }

        /**
         * Returns the text: the reply to an answer that is none of a step's buttons.
         *
         * @return the text
         */
        public String getChooseAnOption() {
            return chooseAnOption;
        }

        /**
         * Sets the text: the reply to an answer that is none of a step's buttons.
         *
         * @param chooseAnOption the text
         */
        public void setChooseAnOption(String chooseAnOption) {
            this.chooseAnOption = chooseAnOption;
        }
    }
}
