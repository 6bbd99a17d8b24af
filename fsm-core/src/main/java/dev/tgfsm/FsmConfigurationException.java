package dev.tgfsm;

/**
 * Thrown when tgfsm is configured in a way that cannot work, for example an unknown storage type,
 * a negative TTL or a history size of zero. The message says what to change.
 */
public class FsmConfigurationException extends FsmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to change
     */
    public FsmConfigurationException(String message) {
        super(message);
    }
}
