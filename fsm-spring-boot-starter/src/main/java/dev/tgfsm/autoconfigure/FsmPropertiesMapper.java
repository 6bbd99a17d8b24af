package dev.tgfsm.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Turns {@link FsmProperties} and the group classes beside it ({@link IsolationProperties},
 * {@link DispatcherProperties}, {@link HistoryProperties}) into the core's settings objects, failing with a
 * {@link FsmConfigurationException} that names the property and says what to change.
 */
final class FsmPropertiesMapper {

    private static final Logger log = LoggerFactory.getLogger(FsmPropertiesMapper.class);

    /** {@code <digits>:<secret>}: the shape of every token BotFather issues. */
    private static final Pattern TOKEN = Pattern.compile("(\\d{1,19}):([A-Za-z0-9_-]+)");

    private FsmPropertiesMapper() {
    }

    static StorageConfig storageConfig(FsmProperties properties, Clock clock, FsmCodec codec) {
        Duration ttl = storedTtl(properties);
        long bytes = properties.getMaxRecordSize() == null ? StorageConfig.DEFAULT_MAX_RECORD_BYTES
                : properties.getMaxRecordSize().toBytes();
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new FsmConfigurationException("tgfsm.max-record-size must be between 1B and 2GB, was "
                    + properties.getMaxRecordSize() + ".",
                    "Set tgfsm.max-record-size to a positive size such as 256KB.");
        }
        return new StorageConfig(clock, codec, ttl, (int) bytes);
    }

    /**
     * How long the storage keeps records: {@code tgfsm.ttl} plus {@code tgfsm.ttl-grace} (by default
     * as long again), so that the next message can still see a conversation that expired.
     */
    static @Nullable Duration storedTtl(FsmProperties properties) {
        Duration ttl = ttl(properties);
        return ttl == null ? null : ttl.plus(ttlGrace(properties));
    }

    /** The grace after {@code tgfsm.ttl} during which an expired conversation is still told; zero for none. */
    static Duration ttlGrace(FsmProperties properties) {
        Duration ttl = ttl(properties);
        Duration grace = properties.getTtlGrace();
        if (grace != null && grace.isNegative()) {
            throw new FsmConfigurationException("tgfsm.ttl-grace must not be negative, was " + grace + ".",
                    "Set tgfsm.ttl-grace to 0 to keep records exactly tgfsm.ttl, or to a positive duration such as 1d.");
        }
        return ttl == null ? Duration.ZERO : grace != null ? grace : ttl;
    }

    static @Nullable Duration ttl(FsmProperties properties) {
        Duration ttl = properties.getTtl();
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new FsmConfigurationException("tgfsm.ttl must be positive, was " + ttl + ".",
                    "Set tgfsm.ttl to a positive duration such as 7d, or remove it to keep conversations until cleared.");
        }
        return ttl;
    }

    /**
     * Whether conversations are locked across instances when {@code tgfsm.isolation.distributed} is
     * unset: not for the single-process embedded stores (memory, SQLite, H2), yes for every other.
     */
    static boolean distributedByDefault(FsmStorage storage) {
        if (storage instanceof InMemoryFsmStorage) {
            return false;
        }
        return !(storage instanceof JdbcFsmStorage jdbc && jdbc.getDialect().inProcess());
    }

    static ContextConfig contextConfig(FsmProperties properties, IsolationProperties isolation,
            boolean distributedByDefault) {
        boolean distributed = isolation.getDistributed() != null ? isolation.getDistributed() : distributedByDefault;
        positive("tgfsm.isolation.lock-lease", isolation.getLockLease(), "5s");
        Duration wait = isolation.getLockWait();
        if (wait == null || wait.isNegative()) {
            throw new FsmConfigurationException("tgfsm.isolation.lock-wait must not be negative, was " + wait + ".",
                    "Set tgfsm.isolation.lock-wait to a duration such as 15s.");
        }
        if (distributed && wait.compareTo(isolation.getLockLease()) <= 0) {
            log.warn("tgfsm.isolation.lock-wait ({}) is not longer than tgfsm.isolation.lock-lease ({}): an update that"
                    + " finds its conversation locked by a holder that died gives up before that lease lapses",
                    wait, isolation.getLockLease());
        }
        // the language preference, read for every text, is in the user scope (tgfsm.scopes.preload); the
        // prefs destiny of earlier versions is read only until PreferencesMove has moved it there
        ContextConfig options = ContextConfig.ofDefaults().withTtl(storedTtl(properties))
                .withPreload(List.of(HistoryManager.DEFAULT_DESTINY));
        return distributed ? options.withLock(isolation.getLockLease(), wait) : options.withLock(null, wait);
    }

    /** Declares the configured scopes after the conversation's own preloaded destinies. */
    static ContextConfig withScopes(ContextConfig options, ScopeProperties scopes) {
        List<String> preload = new ArrayList<>(options.preload());
        for (DataScope scope : scopes.getPreload()) {
            preload.add(scope.destiny());
        }
        return options.withPreload(preload);
    }

    static DispatcherConfig dispatcherConfig(DispatcherProperties dispatcher) {
        if (dispatcher.getThreads() < 1) {
            throw new FsmConfigurationException("tgfsm.dispatcher.threads must be at least 1, was "
                    + dispatcher.getThreads() + ".", "Set tgfsm.dispatcher.threads to 1 or more.");
        }
        if (dispatcher.getMaxPending() < 1) {
            throw new FsmConfigurationException("tgfsm.dispatcher.max-pending must be at least 1, was "
                    + dispatcher.getMaxPending() + ".", "Set tgfsm.dispatcher.max-pending to 1 or more.");
        }
        Duration timeout = dispatcher.getShutdownTimeout();
        if (timeout == null || timeout.isNegative()) {
            throw new FsmConfigurationException("tgfsm.dispatcher.shutdown-timeout must not be negative, was "
                    + timeout + ".", "Set tgfsm.dispatcher.shutdown-timeout to a duration such as 30s.");
        }
        DispatcherConfig defaults = DispatcherConfig.ofDefaults();
        return new DispatcherConfig(dispatcher.getThreads(), dispatcher.getMaxPending(), defaults.recentUpdates(),
                defaults.persistedUpdates(), timeout);
    }

    static int historySize(HistoryProperties history) {
        int size = history.getSize();
        if (size < 1) {
            throw new FsmConfigurationException("tgfsm.history.size must be at least 1, was " + size + ".",
                    "Set tgfsm.history.size to 1 or more (the default is " + HistoryProperties.DEFAULT_SIZE + ").");
        }
        return size;
    }

    /**
     * Returns the bot id: the configured one, else the token's numeric prefix, else 0.
     */
    static long botId(BotProperties properties) {
        return botId(properties.getToken(), properties.getId(), "tgfsm.bot");
    }

    /**
     * Returns a bot's id: the configured one, else its token's numeric prefix, else 0; checks the
     * token's shape either way.
     *
     * @param property where the bot is configured, for the error, for example {@code tgfsm.bots[1]}
     */
    static long botId(String token, Long id, String property) {
        Long fromToken = null;
        if (token != null && !token.isBlank()) {
            Matcher matcher = TOKEN.matcher(token.trim());
            if (!matcher.matches()) {
                // never echo the token: it is a secret
                throw new FsmConfigurationException(property + ".token is not a Telegram bot token (expected "
                        + "<bot id>:<secret>, for example 123456:ABC-DEF...).",
                        "Copy the token exactly as BotFather gave it into " + property + ".token (no quotes, no "
                                + "spaces, no 'bot' prefix).");
            }
            try {
                fromToken = Long.parseLong(matcher.group(1));
            }
            catch (NumberFormatException ex) {
                throw new FsmConfigurationException("The bot id part of " + property + ".token is too large.",
                        "Check " + property + ".token, or set " + property + ".id explicitly.");
            }
        }
        if (id != null) {
            return id;
        }
        return fromToken != null ? fromToken : 0L;
    }

    private static void positive(String property, Duration value, String example) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new FsmConfigurationException(property + " must be positive, was " + value + ".",
                    "Set " + property + " to a positive duration such as " + example + ".");
        }
    }
}
