package dev.tgfsm.outbound;

import dev.tgfsm.FsmException;

/**
 * Thrown when a Bot API call could not get its flood-control permits within the configured wait (or
 * its thread was interrupted while waiting): the call was not sent. Outbox calls stay pending and are
 * redelivered later.
 */
public class OutboundLimitException extends FsmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be sent
     */
    public OutboundLimitException(String message) {
        super(message);
    }
}
