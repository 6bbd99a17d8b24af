package dev.tgfsm;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception tgfsm throws. All of them are unchecked; catch this type to handle any
 * failure of the conversation-state layer in one place.
 */
public class FsmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, phrased for the person reading the log
     */
    public FsmException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, phrased for the person reading the log
     * @param cause the underlying failure, or {@code null} if unknown
     */
    public FsmException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
