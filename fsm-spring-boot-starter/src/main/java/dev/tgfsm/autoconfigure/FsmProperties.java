package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.flow.CorruptRecordPolicy;
import dev.tgfsm.flow.CorruptRecords;
import dev.tgfsm.flow.UnknownStatePolicy;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.storage.StorageConfig;

/**
 * Configuration of tgfsm: every property lives under the {@code tgfsm} prefix.
 *
 * <p>Values are checked when the beans that use them are created; a value that cannot work (an
 * unknown storage type, a TTL of zero, a history size of zero, a malformed bot token) stops the
 * application with a {@link FsmConfigurationException} that says what to change.
 */
@ConfigurationProperties("tgfsm")
public class FsmProperties {

    /** The storage type used when neither a property nor a detected backend chooses one. */
    public static final StorageType DEFAULT_STORAGE_TYPE = StorageType.MEMORY;

    /** The default key strategy. */
    public static final KeyStrategy DEFAULT_KEY_STRATEGY = KeyStrategy.USER_IN_CHAT;

    /** The default size limit of one encoded record. */
    public static final DataSize DEFAULT_MAX_RECORD_SIZE = DataSize.ofBytes(StorageConfig.DEFAULT_MAX_RECORD_BYTES);

    /** The default prefix of Redis keys. */
    public static final String DEFAULT_REDIS_PREFIX = KeyRenderer.DEFAULT_PREFIX;

    /** The default prefix of SQL table names. */
    public static final String DEFAULT_TABLE_PREFIX = "tgfsm_";

    /** The default number of dispatcher worker threads. */
    public static final int DEFAULT_DISPATCHER_THREADS = 8;

    /** The default number of accepted but unfinished updates before the poller is slowed down. */
    public static final int DEFAULT_DISPATCHER_MAX_PENDING = 1000;

    /** The default time the dispatcher waits for updates in flight when the application stops. */
    public static final Duration DEFAULT_DISPATCHER_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** The default number of history entries kept per conversation. */
    public static final int DEFAULT_HISTORY_SIZE = HistoryManager.DEFAULT_SIZE;

    /** Storage backend selection. */
    private final Storage storage = new Storage();

    /** How updates map to conversations. */
    private final Key key = new Key();

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

    /** Redis backend settings. */
    private final Redis redis = new Redis();

    /** JDBC backend settings. */
    private final Jdbc jdbc = new Jdbc();

    /** Isolation of concurrent updates of one conversation across application instances. */
    private final Isolation isolation = new Isolation();

    /** The update dispatcher. */
    private final Dispatcher dispatcher = new Dispatcher();

    /** State history (the "back" stack). */
    private final History history = new History();

    /**
     * Stored states: aliases for renamed states and the policy for states of flows that no longer exist.
     */
    private final States states = new States();

    /** What the router answers on its own. */
    private final Routing routing = new Routing();

    /**
     * What start-up does with a {@code tgfsm.*} key that no tgfsm setting reads (a typo such as
     * {@code tgfsm.storage.typ}): {@code warn} logs it, {@code fail} stops start-up, {@code ignore} says
     * nothing. Environment variables are not checked.
     */
    private UnknownProperties.Policy unknownProperties = UnknownProperties.Policy.WARN;

    /**
     * Returns what start-up does with unknown {@code tgfsm.*} keys.
     *
     * @return the policy
     */
    public UnknownProperties.Policy getUnknownProperties() {
        return this.unknownProperties;
    }

    /**
     * Sets what start-up does with unknown {@code tgfsm.*} keys.
     *
     * @param unknownProperties the policy
     */
    public void setUnknownProperties(UnknownProperties.Policy unknownProperties) {
        this.unknownProperties = unknownProperties;
    }

    /**
     * Returns the routing settings.
     *
     * @return the routing settings
     */
    public Routing getRouting() {
        return this.routing;
    }

    /**
     * Returns the storage settings.
     *
     * @return the storage settings
     */
    public Storage getStorage() {
        return storage;
    }

    /**
     * Returns the key settings.
     *
     * @return the key settings
     */
    public Key getKey() {
        return key;
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
     * Returns the Redis settings.
     *
     * @return the Redis settings
     */
    public Redis getRedis() {
        return redis;
    }

    /**
     * Returns the JDBC settings.
     *
     * @return the JDBC settings
     */
    public Jdbc getJdbc() {
        return jdbc;
    }

    /**
     * Returns the isolation settings.
     *
     * @return the isolation settings
     */
    public Isolation getIsolation() {
        return isolation;
    }

    /**
     * Returns the dispatcher settings.
     *
     * @return the dispatcher settings
     */
    public Dispatcher getDispatcher() {
        return dispatcher;
    }

    /**
     * Returns the history settings.
     *
     * @return the history settings
     */
    public History getHistory() {
        return history;
    }

    /**
     * Returns the stored-state settings.
     *
     * @return the settings
     */
    public States getStates() {
        return this.states;
    }

    /**
     * Storage backend selection.
     */
    public static class Storage {

        /**
         * Backend: "memory", "redis" or "jdbc". Unset: a user-defined FsmStorage bean wins, else Redis
         * when a RedisConnectionFactory bean exists, else JDBC when a DataSource bean exists, else
         * memory (state dies with the process).
         */
        private @Nullable StorageType type;

        /**
         * Returns the backend type.
         *
         * @return the type, or {@code null} to detect it
         */
        public @Nullable StorageType getType() {
            return type;
        }

        /**
         * Sets the backend type.
         *
         * @param type the type, or {@code null} to detect it
         */
        public void setType(@Nullable StorageType type) {
            this.type = type;
        }
    }

    /**
     * How updates map to conversations.
     */
    public static class Key {

        /** Which ids make up a conversation's key: user in chat, chat, user, user in topic, topic. */
        private KeyStrategy strategy = DEFAULT_KEY_STRATEGY;

        /**
         * Returns the key strategy.
         *
         * @return the strategy
         */
        public KeyStrategy getStrategy() {
            return strategy;
        }

        /**
         * Sets the key strategy.
         *
         * @param strategy the strategy
         */
        public void setStrategy(KeyStrategy strategy) {
            this.strategy = strategy;
        }

        /**
         * Which callback queries keep a conversation of their own message (python-telegram-bot's
         * per_message): 'none', 'inline-messages' (buttons of messages sent in inline mode, which have
         * no chat) or 'every-message'. Routes marked @PerMessage are keyed per message in any case.
         */
        private PerMessageKeys perMessage = PerMessageKeys.NONE;

        /**
         * Returns which callback queries are keyed per message.
         *
         * @return the choice
         */
        public PerMessageKeys getPerMessage() {
            return perMessage;
        }

        /**
         * Sets which callback queries are keyed per message.
         *
         * @param perMessage the choice
         */
        public void setPerMessage(PerMessageKeys perMessage) {
            this.perMessage = perMessage;
        }
    }

    /**
     * Redis backend settings.
     */
    public static class Redis {

        /**
         * Prefix of every Redis key tgfsm writes; use one per bot or environment sharing a server.
         * Must not contain braces, glob characters or white space.
         */
        private String prefix = DEFAULT_REDIS_PREFIX;

        /**
         * Which Lettuce client tgfsm uses: 'dedicated' builds tgfsm's own factory to the same Redis
         * as the application's, tuned to fail fast and reconnect quickly, leaving the application's
         * client untouched; 'shared' uses the application's connection factory as it is.
         */
        private RedisClientMode client = RedisClientMode.DEDICATED;

        /**
         * Returns the key prefix.
         *
         * @return the prefix
         */
        public String getPrefix() {
            return prefix;
        }

        /**
         * Sets the key prefix.
         *
         * @param prefix the prefix
         */
        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        /**
         * Returns which Lettuce client tgfsm uses.
         *
         * @return the client mode
         */
        public RedisClientMode getClient() {
            return client;
        }

        /**
         * Sets which Lettuce client tgfsm uses.
         *
         * @param client the client mode
         */
        public void setClient(RedisClientMode client) {
            this.client = client;
        }
    }

    /**
     * JDBC backend settings.
     */
    public static class Jdbc {

        /** Prefix of the names of tgfsm's tables. */
        private String tablePrefix = DEFAULT_TABLE_PREFIX;

        /**
         * When to create tgfsm's tables at start-up: "embedded" (only for embedded databases: H2,
         * SQLite, HSQLDB, Derby), "always" or "never" (use Flyway or Liquibase with the shipped migrations).
         * When tgfsm does not create them, start-up fails if any of them is missing.
         */
        private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

        /**
         * Returns the table prefix.
         *
         * @return the prefix
         */
        public String getTablePrefix() {
            return tablePrefix;
        }

        /**
         * Sets the table prefix.
         *
         * @param tablePrefix the prefix
         */
        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        /**
         * Returns when the schema is created.
         *
         * @return the mode
         */
        public SchemaInitialization getInitializeSchema() {
            return initializeSchema;
        }

        /**
         * Sets when the schema is created.
         *
         * @param initializeSchema the mode
         */
        public void setInitializeSchema(SchemaInitialization initializeSchema) {
            this.initializeSchema = initializeSchema;
        }
    }

    /**
     * When tgfsm creates its SQL tables.
     */
    public enum SchemaInitialization {

        /** Only when the database is embedded (H2, SQLite, HSQLDB, Derby). */
        EMBEDDED,

        /** Always, whatever the database. */
        ALWAYS,

        /** Never: the tables are managed elsewhere. */
        NEVER
    }

    /**
     * Isolation of concurrent updates of one conversation across application instances.
     */
    public static class Isolation {

        /**
         * Whether each update takes a lease lock in the storage, so that several application instances
         * never handle one conversation at the same time. Unset: on for the shared backends (Redis,
         * PostgreSQL, MariaDB/MySQL, or a user-defined storage), off for the single-process embedded
         * ones (memory, SQLite, H2), where the in-process guard is enough. On Redis the lock costs no
         * extra round trip (it is taken with the load and released with the commit).
         */
        private @Nullable Boolean distributed;

        /**
         * Lease of the cross-instance lock, judged by the store's clock; renewed every third of it
         * while a handler runs. It bounds how long a holder that died (a killed process) blocks its
         * conversation.
         */
        private Duration lockLease = ContextConfig.DEFAULT_LOCK_LEASE;

        /**
         * How long an update waits for a conversation locked by another holder before giving up to be
         * retried later. Keep it longer than the lease, so a lease left by a dead holder lapses within
         * one wait.
         */
        private Duration lockWait = ContextConfig.DEFAULT_LOCK_WAIT;

        /**
         * Returns whether cross-instance locks are taken.
         *
         * @return the flag, or {@code null} for the backend's default
         */
        public @Nullable Boolean getDistributed() {
            return distributed;
        }

        /**
         * Sets whether cross-instance locks are taken.
         *
         * @param distributed the flag, or {@code null} for the backend's default
         */
        public void setDistributed(@Nullable Boolean distributed) {
            this.distributed = distributed;
        }

        /**
         * Returns the lock lease.
         *
         * @return the lease
         */
        public Duration getLockLease() {
            return lockLease;
        }

        /**
         * Sets the lock lease.
         *
         * @param lockLease the lease
         */
        public void setLockLease(Duration lockLease) {
            this.lockLease = lockLease;
        }

        /**
         * Returns the lock wait.
         *
         * @return the wait
         */
        public Duration getLockWait() {
            return lockWait;
        }

        /**
         * Sets the lock wait.
         *
         * @param lockWait the wait
         */
        public void setLockWait(Duration lockWait) {
            this.lockWait = lockWait;
        }
    }

    /**
     * The update dispatcher.
     */
    public static class Dispatcher {

        /** Worker threads; different conversations are handled in parallel up to this number. */
        private int threads = DEFAULT_DISPATCHER_THREADS;

        /** Updates accepted but not yet finished before the poller is made to wait (back-pressure). */
        private int maxPending = DEFAULT_DISPATCHER_MAX_PENDING;

        /** How long stopping the application waits for updates in flight. */
        private Duration shutdownTimeout = DEFAULT_DISPATCHER_SHUTDOWN_TIMEOUT;

        /**
         * Returns the number of worker threads.
         *
         * @return the threads
         */
        public int getThreads() {
            return threads;
        }

        /**
         * Sets the number of worker threads.
         *
         * @param threads the threads
         */
        public void setThreads(int threads) {
            this.threads = threads;
        }

        /**
         * Returns the back-pressure limit.
         *
         * @return the limit
         */
        public int getMaxPending() {
            return maxPending;
        }

        /**
         * Sets the back-pressure limit.
         *
         * @param maxPending the limit
         */
        public void setMaxPending(int maxPending) {
            this.maxPending = maxPending;
        }

        /**
         * Returns the shutdown timeout.
         *
         * @return the timeout
         */
        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /**
         * Sets the shutdown timeout.
         *
         * @param shutdownTimeout the timeout
         */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }
    }

    /**
     * State history (the "back" stack).
     */
    public static class History {

        /** Entries kept per conversation, oldest dropped first; at least 1. */
        private int size = DEFAULT_HISTORY_SIZE;

        /**
         * Returns the history size.
         *
         * @return the size
         */
        public int getSize() {
            return size;
        }

        /**
         * Sets the history size.
         *
         * @param size the size
         */
        public void setSize(int size) {
            this.size = size;
        }
    }

    /**
     * How stored states that the bot no longer knows are treated, so old records never trap a user.
     */
    public static class States {

        /**
         * Old state ids mapped to new ones, applied to a conversation's state before its update is
         * handled, for example {@code Registration:MAIL=Registration:EMAIL}.
         */
        private Map<String, String> aliases = new LinkedHashMap<>();

        /**
         * What to do with a state that names a known flow but a node it no longer has: reset (clear
         * the state and tell the user), keep, or route (let the handlers decide).
         */
        private UnknownStatePolicy unknownPolicy = UnknownStatePolicy.RESET;

        /** Records that cannot be decoded. */
        private final Corrupt corrupt = new Corrupt();

        /**
         * Returns the aliases.
         *
         * @return old id to new id
         */
        public Map<String, String> getAliases() {
            return this.aliases;
        }

        /**
         * Sets the aliases.
         *
         * @param aliases old id to new id
         */
        public void setAliases(Map<String, String> aliases) {
            this.aliases = aliases;
        }

        /**
         * Returns the policy for unknown flow nodes.
         *
         * @return the policy
         */
        public UnknownStatePolicy getUnknownPolicy() {
            return this.unknownPolicy;
        }

        /**
         * Sets the policy for unknown flow nodes.
         *
         * @param unknownPolicy the policy
         */
        public void setUnknownPolicy(UnknownStatePolicy unknownPolicy) {
            this.unknownPolicy = unknownPolicy;
        }

        /**
         * Returns what happens to records that cannot be decoded.
         *
         * @return the corrupt-record settings
         */
        public Corrupt getCorrupt() {
            return this.corrupt;
        }

        /**
         * What happens to a conversation whose stored record cannot be decoded (after the raw record is
         * logged once at WARN with its key).
         */
        public static class Corrupt {

            /**
             * RESET deletes the conversation's records without decoding them, tells the user the reset
             * notice and handles the update on the fresh record; KEEP keeps the record and routes the
             * update to the application's CorruptRecordHandler bean (by default the keep notice). /reset
             * deletes such a record under both.
             */
            private CorruptRecordPolicy policy = CorruptRecordPolicy.RESET;

            /** What the user is told after a reset; empty to say nothing. */
            private String resetNotice = CorruptRecords.DEFAULT_RESET_NOTICE;

            /** What the user is told under KEEP when the application has no CorruptRecordHandler; empty to say nothing. */
            private String keepNotice = CorruptRecords.DEFAULT_KEEP_NOTICE;

            /**
             * Returns the policy.
             *
             * @return the policy
             */
            public CorruptRecordPolicy getPolicy() {
                return this.policy;
            }

            /**
             * Sets the policy.
             *
             * @param policy the policy
             */
            public void setPolicy(CorruptRecordPolicy policy) {
                this.policy = policy;
            }

            /**
             * Returns the reset notice.
             *
             * @return the text, or empty
             */
            public String getResetNotice() {
                return this.resetNotice;
            }

            /**
             * Sets the reset notice.
             *
             * @param resetNotice the text, or empty
             */
            public void setResetNotice(String resetNotice) {
                this.resetNotice = resetNotice;
            }

            /**
             * Returns the keep notice.
             *
             * @return the text, or empty
             */
            public String getKeepNotice() {
                return this.keepNotice;
            }

            /**
             * Sets the keep notice.
             *
             * @param keepNotice the text, or empty
             */
            public void setKeepNotice(String keepNotice) {
                this.keepNotice = keepNotice;
            }
        }
    }

    /**
     * What the router answers on its own. The fallback only ever answers messages and callback
     * queries in private chats, groups and supergroups; every callback query is answered.
     */
    public static class Routing {

        /**
         * A short notice shown on a pressed button that no handler routes (for example "This button
         * is no longer active"), or an application's message code in braces ({@code {app.button-gone}})
         * resolved in the user's language; empty answers it silently.
         */
        private @Nullable String unroutedCallbackText;

        /**
         * Returns the unrouted-callback text.
         *
         * @return the text, or {@code null}
         */
        public @Nullable String getUnroutedCallbackText() {
            return this.unroutedCallbackText;
        }

        /**
         * Sets the unrouted-callback text.
         *
         * @param unroutedCallbackText the text, or {@code null}
         */
        public void setUnroutedCallbackText(@Nullable String unroutedCallbackText) {
            this.unroutedCallbackText = unroutedCallbackText;
        }
    }
}
