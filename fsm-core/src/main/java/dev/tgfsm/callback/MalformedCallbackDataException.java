package dev.tgfsm.callback;

import dev.tgfsm.FsmException;

/**
 * Thrown when callback data cannot be parsed into its record: a button sent before the record's
 * shape changed, a wrong number of values, a number or enum constant that does not parse. The
 * message names the record, the data and what is wrong with it.
 */
public class MalformedCallbackDataException extends FsmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the record, the data and what is wrong with it
     */
    public MalformedCallbackDataException(String message) {
        super(message);
    }
}
