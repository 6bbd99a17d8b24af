package dev.tgfsm;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when tgfsm is configured in a way that cannot work, for example an unknown storage type,
 * a negative TTL or a history size of zero. The message says what to change.
 */
public class FsmConfigurationException extends FsmException {

    private static final long serialVersionUID = 1L;

    /** What to change, said apart from the message, or {@code null}. */
    private final @Nullable String action;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to change
     */
    public FsmConfigurationException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception with a separate suggestion, shown as the "Action" of Spring Boot's
     * start-up failure report.
     *
     * @param message what is wrong
     * @param action what to change, or {@code null}
     */
    public FsmConfigurationException(String message, @Nullable String action) {
        super(message);
        this.action = action;
    }

    /**
     * Returns what to change, when the thrower said it separately from the message.
     *
     * @return the suggested action, or {@code null}
     */
    public @Nullable String action() {
        return action;
    }
}
