package dev.tgfsm.flow;

import java.util.regex.Pattern;

/**
 * Every text tgfsm itself shows to users, as a message code with its English pattern: the registry
 * that the shipped bundles ({@code dev/tgfsm/messages.properties} in English,
 * {@code messages_de.properties} in German) must cover. Patterns use {@link java.text.MessageFormat}
 * ({@code {0}}, and {@code {0,choice,...}} for plural forms). A bot overrides or translates any of
 * them under the same code in its own {@code messages*.properties}.
 *
 * <p>Texts that a setting can replace (a property such as {@code tgfsm.timeout.warning-text}) also
 * carry the setting's default: while the setting keeps it, the code is resolved in the user's
 * language; a setting changed to other text is shown as it is, and one of the form
 * {@code {app.code}} is resolved as the application's code (see {@link MessageResolver#configured}).
 */
public enum LibraryText {

    /** The reply to {@code /cancel}. */
    CANCELLED("tgfsm.escape.cancelled", "Cancelled. Use /start to begin again."),

    /** The reply to {@code /cancel} outside any flow or state. */
    NOTHING_TO_CANCEL("tgfsm.escape.nothing-to-cancel", "Nothing to cancel."),

    /** The reply to {@code /back} at a flow's first step. */
    AT_FIRST_STEP("tgfsm.escape.at-first-step", "This is the first step."),

    /** The reply when a flow is cancelled after too many invalid inputs. */
    TOO_MANY_ATTEMPTS("tgfsm.escape.too-many-attempts",
            "Too many invalid attempts. Operation cancelled. Use /start to try again."),

    /** The reply to {@code /cancel} inside a sub-flow (or a called scene) that returns to its caller. */
    SUB_FLOW_CANCELLED("tgfsm.flow.sub-flow-cancelled", "Cancelled."),

    /** The reply when a sub-flow returns to its caller after too many invalid inputs. */
    SUB_FLOW_TOO_MANY_ATTEMPTS("tgfsm.flow.sub-flow-too-many-attempts",
            "Too many invalid attempts. Back to the previous step."),

    /** The reply to {@code /back} in a plain state (a {@code @BotController} state, not a flow's step). */
    WENT_BACK("tgfsm.escape.went-back", "Back to the previous step."),

    /** The reply to an input that is not one of a step's buttons. */
    CHOOSE_AN_OPTION("tgfsm.escape.choose-an-option", "Please choose one of the options."),

    /** The reply to {@code /reset}. */
    RESET_DONE("tgfsm.escape.reset-done", "Session reset. All data cleared."),

    /** The {@code /help} hint of a flow step; {0} is the cancel command. */
    HELP_HINT("tgfsm.escape.help-hint", "Use /{0} to stop."),

    /** The {@code /help} hint of a flow step; {0} is the cancel command, {1} the back command. */
    HELP_HINT_WITH_BACK("tgfsm.escape.help-hint-with-back", "Use /{0} to stop or /{1} to go back."),

    /** A pressed button of an earlier step. */
    BUTTON_INACTIVE("tgfsm.flow.button-inactive", "That button is no longer active."),

    /** An input whose transformation failed without a message. */
    INVALID_INPUT("tgfsm.flow.invalid-input", "That does not look right."),

    /** The notice when a conversation's flow node no longer exists. */
    RESET_AFTER_UPDATE("tgfsm.flow.reset-after-update",
            "This conversation was reset because the bot was updated. Use /start to begin again."),

    /** The idle-timeout warning; {0} is the number of minutes left. */
    TIMEOUT_WARNING("tgfsm.notice.timeout-warning",
            "Your session will expire in {0,choice,1#1 minute|1<{0} minutes} due to inactivity. "
                    + "Send any message to keep it active.",
            "Your session will expire in {minutes} minutes due to inactivity. Send any message to keep it active."),

    /** The notice when a conversation expired. */
    TIMEOUT_EXPIRED("tgfsm.notice.expired", "Your session expired. Use /start to begin again."),

    /** The notice to active conversations after a restart. */
    RESTART_NOTICE("tgfsm.notice.restart", "The bot was restarted. Your session has been restored. You can "
            + "continue where you left off or use /cancel to start over."),

    /** The rate-limit notice; {0} is the number of seconds to wait. */
    RATE_LIMITED("tgfsm.notice.rate-limit", "Too many requests. Please wait {0} s.",
            "Too many requests. Please wait {seconds} s."),

    /** The notice when a reply could not be delivered. */
    DELIVERY_FAILED("tgfsm.notice.delivery-failed", "Sorry, something went wrong. Please try again."),

    /** The notice while the storage is down. */
    OUTAGE("tgfsm.notice.outage", "The bot is temporarily unavailable. Your message will be handled shortly."),

    /** The notice after an unreadable record was reset. */
    CORRUPT_RESET("tgfsm.notice.corrupt-reset", "Your session data could not be read and was reset."),

    /** The notice when an unreadable record was kept. */
    CORRUPT_KEPT("tgfsm.notice.corrupt-kept", "Your session data could not be read. Send /reset to start over.");

    /** An application's code in braces: {@code {app.code}}, with at least one dot. */
    static final Pattern CODE_SYNTAX = Pattern.compile("\\{([A-Za-z_][\\w-]*(?:\\.[\\w-]+)+)}");

    private final String code;

    private final String english;

    private final String setting;

    LibraryText(String code, String english) {
        this(code, english, english);
    }

    LibraryText(String code, String english, String setting) {
        this.code = code;
        this.english = english;
        this.setting = setting;
    }

    /**
     * Returns the message code.
     *
     * @return the code, for example {@code tgfsm.escape.cancelled}
     */
    public String code() {
        return code;
    }

    /**
     * Returns the English {@link java.text.MessageFormat} pattern, used when no bundle has the code.
     *
     * @return the pattern
     */
    public String english() {
        return english;
    }

    /**
     * Returns the default of the setting that can replace this text (with named placeholders such as
     * {@code {minutes}} where the setting has them); the English pattern where no setting differs.
     *
     * @return the setting's default
     */
    public String setting() {
        return setting;
    }
}
