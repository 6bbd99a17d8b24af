package dev.tgfsm.garbage;

import dev.tgfsm.Internal;

/**
 * What one clean-up did.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 *
 * @param deleted messages asked to be deleted (Telegram skips those already gone)
 * @param edited old messages edited instead
 * @param skipped old messages left as they were
 * @param failedCalls Bot API calls that failed for another reason than a message already gone
 */
@Internal
public record CleanupResult(int deleted, int edited, int skipped, int failedCalls) {

    /** Nothing done. */
    public static final CleanupResult NOTHING = new CleanupResult(0, 0, 0, 0);

    /**
     * Adds another result to this one.
     *
     * @param other the other result
     * @return the sum
     */
    public CleanupResult plus(CleanupResult other) {
        return new CleanupResult(deleted + other.deleted, edited + other.edited, skipped + other.skipped,
                failedCalls + other.failedCalls);
    }
}
