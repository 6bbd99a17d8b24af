package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.flow.EscapeCommands;

/**
 * Settings of the escape commands ({@code tgfsm.escapes.*}) that are not fixed by
 * {@link EscapeCommands#defaults()}; an application's own {@link EscapeCommands} bean replaces them
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
    EscapeCommands applyTo(EscapeCommands escapes) {
        boolean on = resetEnabled && reset != null && !reset.isBlank();
        return escapes.withReset(on ? reset.strip() : null, resetText != null ? resetText : EscapeCommands.DEFAULT_RESET_DONE);
    }
}
