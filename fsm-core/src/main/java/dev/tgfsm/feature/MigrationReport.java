package dev.tgfsm.feature;

/**
 * What one run of a {@link FeatureMigrationJob} did.
 *
 * @param scanned conversations looked at
 * @param upgraded conversations whose feature data this run stored in the current version
 * @param current conversations whose feature data was already current, or that had none
 * @param failed conversations left as they are because their data could not be upgraded (newer than
 *        this code, a failing step) or the store failed; each is logged with its key
 * @param complete {@code true} if the run went through the whole namespace, {@code false} if it was
 *        stopped between batches (run again to go on)
 */
public record MigrationReport(long scanned, long upgraded, long current, long failed, boolean complete) {
}
