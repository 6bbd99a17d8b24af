package dev.tgfsm.state;

import java.util.Objects;

/**
 * A state named by a plain string.
 */
record NamedState(String id) implements FsmState {

    NamedState {
        Objects.requireNonNull(id, "id must not be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("state id must not be blank");
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
