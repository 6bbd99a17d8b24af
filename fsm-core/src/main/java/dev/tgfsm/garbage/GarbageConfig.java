package dev.tgfsm.garbage;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import dev.tgfsm.FsmConfigurationException;

/**
 * The immutable configuration of a {@link GarbageStateRegistry}, built with {@link #custom()} (each
 * setter validates at once) or taken as {@link #ofDefaults()}.
 */
public final class GarbageConfig {

    /** How many messages one conversation tracks unless configured; older ones are dropped first. */
    public static final int DEFAULT_MAX_TRACKED = 200;

    /** The age from which Telegram refuses to delete a message: 48 hours. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(48);

    /** The most ids one {@code deleteMessages} call takes. */
    public static final int MAX_BATCH = 100;

    /** The text an old message is replaced with by {@link OldMessagePolicy#EDIT} unless configured. */
    public static final String DEFAULT_EDIT_TEXT = "\u2026";

    /** What to do with a tracked message too old to delete. */
    public enum OldMessagePolicy {
        /** Leave it and forget it. */
        SKIP,
        /** Replace its text (and remove its keyboard) with {@link GarbageConfig#editText()}. */
        EDIT
    }

    private static final GarbageConfig DEFAULTS = custom().build();

    private final int maxTracked;

    private final Duration maxAge;

    private final OldMessagePolicy oldMessages;

    private final String editText;

    private final Set<String> keepWhenLeaving;

    private final boolean trackUserInput;

    private GarbageConfig(Builder b) {
        this.maxTracked = b.maxTracked;
        this.maxAge = b.maxAge;
        this.oldMessages = b.oldMessages;
        this.editText = b.editText;
        this.keepWhenLeaving = b.keepWhenLeaving;
        this.trackUserInput = b.trackUserInput;
    }

    /**
     * The defaults: 200 messages, 48 hours, skip old messages, clean up on every state change, do
     * not track the user's own messages.
     *
     * @return the defaults
     */
    public static GarbageConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return the builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * Returns how many messages one conversation tracks at most.
     *
     * @return the bound
     */
    public int maxTracked() {
        return maxTracked;
    }

    /**
     * Returns the age from which a message is not deleted but handled by {@link #oldMessages()}.
     *
     * @return the age
     */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * Returns what to do with messages too old to delete.
     *
     * @return the policy
     */
    public OldMessagePolicy oldMessages() {
        return oldMessages;
    }

    /**
     * Returns the text old messages are edited to under {@link OldMessagePolicy#EDIT}.
     *
     * @return the text
     */
    public String editText() {
        return editText;
    }

    /**
     * Returns the states whose tracked messages stay when the conversation leaves them.
     *
     * @return state ids
     */
    public Set<String> keepWhenLeaving() {
        return keepWhenLeaving;
    }

    /**
     * Tells whether the user's own messages are tracked too.
     *
     * @return {@code true} to delete the user's input as well
     */
    public boolean trackUserInput() {
        return trackUserInput;
    }

    /** Builds a {@link GarbageConfig}; every setter validates its argument at once. */
    public static final class Builder {

        private int maxTracked = DEFAULT_MAX_TRACKED;

        private Duration maxAge = DEFAULT_MAX_AGE;

        private OldMessagePolicy oldMessages = OldMessagePolicy.SKIP;

        private String editText = DEFAULT_EDIT_TEXT;

        private Set<String> keepWhenLeaving = Set.of();

        private boolean trackUserInput;

        private Builder() {
        }

        /**
         * Sets how many messages one conversation tracks at most.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxTracked(int value) {
            if (value < 1) {
                throw new FsmConfigurationException("Garbage maxTracked must be at least 1, was " + value);
            }
            this.maxTracked = value;
            return this;
        }

        /**
         * Sets the age from which messages are not deleted; at most 48 hours.
         *
         * @param value positive, at most 48 hours
         * @return this builder
         */
        public Builder maxAge(Duration value) {
            Objects.requireNonNull(value, "maxAge must not be null");
            if (value.isNegative() || value.isZero() || value.compareTo(DEFAULT_MAX_AGE) > 0) {
                throw new FsmConfigurationException("Garbage maxAge must be positive and at most 48 hours "
                        + "(Telegram refuses older deletions), was " + value);
            }
            this.maxAge = value;
            return this;
        }

        /**
         * Sets what to do with messages too old to delete.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder oldMessages(OldMessagePolicy value) {
            this.oldMessages = Objects.requireNonNull(value, "oldMessages must not be null");
            return this;
        }

        /**
         * Sets the text old messages are edited to.
         *
         * @param value not blank
         * @return this builder
         */
        public Builder editText(String value) {
            Objects.requireNonNull(value, "editText must not be null");
            if (value.isBlank()) {
                throw new FsmConfigurationException("Garbage editText must not be blank");
            }
            this.editText = value;
            return this;
        }

        /**
         * Sets the states whose tracked messages stay when the conversation leaves them.
         *
         * @param stateIds state ids
         * @return this builder
         */
        public Builder keepWhenLeaving(Set<String> stateIds) {
            this.keepWhenLeaving = Set.copyOf(Objects.requireNonNull(stateIds, "stateIds must not be null"));
            return this;
        }

        /**
         * Sets whether the user's own messages are tracked too (by {@link GarbageCollectingHandler}).
         *
         * @param value {@code true} to track them
         * @return this builder
         */
        public Builder trackUserInput(boolean value) {
            this.trackUserInput = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public GarbageConfig build() {
            return new GarbageConfig(this);
        }
    }
}
