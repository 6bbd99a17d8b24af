package dev.tgfsm.context;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What is known about a conversation as a session, read from its main
 * record: when it was created, when it last changed, and how many updates changed it.
 *
 * <p>The count is kept in the record's metadata under {@value #META_MESSAGES} and grows by one for
 * every update that is committed with a change; updates that only read (or change nothing) are not
 * counted, so that counting never forces a write. Inside an update the values are those of the
 * record as loaded, before the update's own changes.
 *
 * @param createdAt when the conversation's main record was first written, or {@code null} if it does
 *        not exist
 * @param lastActivity when it was last written, or {@code null}
 * @param messageCount how many updates changed it, 0 if none
 */
public record SessionMetadata(@Nullable Instant createdAt, @Nullable Instant lastActivity, long messageCount) {

    /** The metadata entry holding the count of committed updates. */
    public static final String META_MESSAGES = "messages";

    /**
     * Reads the count from a metadata value.
     *
     * @param value the plain value of {@value #META_MESSAGES}, or {@code null}
     * @return the count, 0 when absent
     */
    public static long countOf(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
