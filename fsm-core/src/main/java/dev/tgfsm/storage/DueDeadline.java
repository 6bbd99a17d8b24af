package dev.tgfsm.storage;

import java.time.Instant;
import java.util.Objects;

import dev.tgfsm.key.StorageKey;

/**
 * A deadline taken by {@link DeadlineIndex#claimDue}: the conversation whose deadline came, and the
 * instant until which the caller holds it. The claim is also the token that
 * {@link DeadlineIndex#cancelDeadline} compares, so that an entry rescheduled meanwhile is kept.
 *
 * @param key the conversation's key as it was scheduled
 * @param claimedUntil when the claim lapses and the entry becomes due again (millisecond precision)
 */
public record DueDeadline(StorageKey key, Instant claimedUntil) {

    /**
     * Validates the claim.
     *
     * @param key the conversation, not {@code null}
     * @param claimedUntil when the claim lapses, not {@code null}
     */
    public DueDeadline {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(claimedUntil, "claimedUntil must not be null");
    }
}
