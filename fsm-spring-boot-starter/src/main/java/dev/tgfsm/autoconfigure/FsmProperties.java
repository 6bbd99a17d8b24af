package dev.tgfsm.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.storage.StorageConfig;

/**
 * The top-level settings of tgfsm ({@code tgfsm.ttl}, {@code tgfsm.ttl-grace},
 * {@code tgfsm.max-record-size}, {@code tgfsm.unknown-properties}); every group under {@code tgfsm}
 * has a properties class of its own beside the auto-configuration that uses it ({@link StorageProperties},
 * {@link KeyProperties}, {@link RedisStorageProperties}, {@link JdbcStorageProperties},
 * {@link IsolationProperties}, {@link DispatcherProperties}, {@link HistoryProperties},
 * {@link StateProperties}, {@link RoutingProperties}, {@link BotProperties}, ...).
 *
 * <p>Values are checked when the beans that use them are created; a value that cannot work (an
 * unknown storage type, a TTL of zero, a history size of zero, a malformed bot token) stops the
 * application with a {@link FsmConfigurationException} that says what to change.
 */
@ConfigurationProperties("tgfsm")
public class FsmProperties {

    /** The default size limit of one encoded record. */
    public static final DataSize DEFAULT_MAX_RECORD_SIZE = DataSize.ofBytes(StorageConfig.DEFAULT_MAX_RECORD_BYTES);

    /**
     * Time to live of a conversation's records after its last write (sliding). Unset: records are
     * kept until cleared. Must be positive when set.
     */
    private @Nullable Duration ttl;

    /**
     * How much longer than tgfsm.ttl a conversation's records are kept, so that the user's next message can
     * still be told the conversation expired (tgfsm.timeout.notify-on-next-message): within tgfsm.ttl the
     * conversation is live, after it the next message clears it and gets the expiry text, after the grace
     * too the records are gone and the next message starts fresh silently. Unset: as long as tgfsm.ttl;
     * 0 keeps records exactly tgfsm.ttl and tells nobody.
     */
    private @Nullable Duration ttlGrace;

    /**
     * Largest encoded record (state, data and metadata) one write may store; a bigger write fails and
     * writes nothing.
     */
    private DataSize maxRecordSize = DEFAULT_MAX_RECORD_SIZE;

    /**
     * What start-up does with a {@code tgfsm.*} key that no tgfsm setting reads (a typo such as
     * {@code tgfsm.storage.typ}): {@code warn} logs it, {@code fail} stops start-up, {@code ignore} says
     * nothing. Environment variables are not checked.
     */
    private UnknownPropertiesPolicy unknownProperties = UnknownPropertiesPolicy.WARN;

    /**
     * Returns what start-up does with unknown {@code tgfsm.*} keys.
     *
     * @return the policy
     */
    public UnknownPropertiesPolicy getUnknownProperties() {
        return this.unknownProperties;
    }

    /**
     * Sets what start-up does with unknown {@code tgfsm.*} keys.
     *
     * @param unknownProperties the policy
     */
    public void setUnknownProperties(UnknownPropertiesPolicy unknownProperties) {
        this.unknownProperties = unknownProperties;
    }

    /**
     * Returns the time to live of records.
     *
     * @return the TTL, or {@code null} for none
     */
    public @Nullable Duration getTtl() {
        return ttl;
    }

    /**
     * Sets the time to live of records.
     *
     * @param ttl the TTL, or {@code null} for none
     */
    public void setTtl(@Nullable Duration ttl) {
        this.ttl = ttl;
    }

    /**
     * Returns how much longer than the TTL records are kept to tell the next message that they expired.
     *
     * @return the grace, or {@code null} for as long as the TTL
     */
    public @Nullable Duration getTtlGrace() {
        return ttlGrace;
    }

    /**
     * Sets how much longer than the TTL records are kept to tell the next message that they expired.
     *
     * @param ttlGrace the grace, 0 for none, or {@code null} for as long as the TTL
     */
    public void setTtlGrace(@Nullable Duration ttlGrace) {
        this.ttlGrace = ttlGrace;
    }

    /**
     * Returns the size limit of one record.
     *
     * @return the limit
     */
    public DataSize getMaxRecordSize() {
        return maxRecordSize;
    }

    /**
     * Sets the size limit of one record.
     *
     * @param maxRecordSize the limit
     */
    public void setMaxRecordSize(DataSize maxRecordSize) {
        this.maxRecordSize = maxRecordSize;
    }

    /**
     * What start-up does with a {@code tgfsm.*} key that no tgfsm setting reads
     * ({@code tgfsm.unknown-properties}).
     */
    public enum UnknownPropertiesPolicy {

        /** Log a warning naming each unknown key and where it was set. */
        WARN,

        /** Stop start-up with a {@link FsmConfigurationException} naming each unknown key. */
        FAIL,

        /** Say nothing. */
        IGNORE
    }
}
