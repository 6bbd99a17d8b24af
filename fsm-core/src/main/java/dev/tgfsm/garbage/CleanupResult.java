package dev.tgfsm.garbage;

/**
 * What one clean-up did.
 *
 * @param deleted messages asked to be deleted (Telegram skips those already gone)
 * @param edited old messages edited instead
 * @param skipped old messages left as they were
 * @param failedCalls Bot API calls that failed for another reason than a message already gone
 */
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
