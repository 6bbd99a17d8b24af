package dev.tgfsm.privacy;

/**
 * What {@link Privacy#erase} removed.
 *
 * @param conversations the conversations that had records
 * @param records the records removed
 * @param entries the entries kept outside records that were removed
 */
public record Erasure(int conversations, long records, long entries) {

    /**
     * Tells whether anything was removed.
     *
     * @return {@code false} when nothing was stored (a second erase of the same user)
     */
    public boolean removedAnything() {
        return records > 0 || entries > 0;
    }
}
