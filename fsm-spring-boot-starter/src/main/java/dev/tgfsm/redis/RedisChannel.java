package dev.tgfsm.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.tgfsm.FsmException;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * The storage's line to Redis: the native asynchronous Lettuce commands of a connection taken once
 * from the factory (shared and multiplexed, standalone or cluster), scripts run by {@code EVALSHA}
 * with a fallback to {@code EVAL} on {@code NOSCRIPT}, bounded waits, and the mapping of driver
 * failures to {@link StorageUnavailableException}.
 */
final class RedisChannel {

    private final RedisConnectionFactory factory;

    private final Duration timeout;

    private volatile @Nullable RedisConnection connection;

    private volatile @Nullable RedisClusterAsyncCommands<byte[], byte[]> commands;

    RedisChannel(RedisConnectionFactory factory, Duration timeout) {
        this.factory = Objects.requireNonNull(factory, "factory must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    }

    /** Returns the native commands, connecting on first use. */
    RedisClusterAsyncCommands<byte[], byte[]> commands() {
        RedisClusterAsyncCommands<byte[], byte[]> current = commands;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (commands == null) {
                try {
                    RedisConnection opened = factory.getConnection();
                    Object nativeConnection = opened.getNativeConnection();
                    if (!(nativeConnection instanceof RedisClusterAsyncCommands<?, ?>)) {
                        opened.close();
                        throw new FsmException("RedisFsmStorage needs a Lettuce connection factory, got "
                                + factory.getClass().getName());
                    }
                    @SuppressWarnings("unchecked")
                    RedisClusterAsyncCommands<byte[], byte[]> typed = (RedisClusterAsyncCommands<byte[], byte[]>) nativeConnection;
                    connection = opened;
                    commands = typed;
                }
                catch (RuntimeException ex) {
                    throw translate("connect", ex);
                }
            }
            return commands;
        }
    }

    /**
     * Tells whether the connection goes to a Redis Cluster (connecting on first use): there keys of
     * different hash slots cannot meet in one script.
     */
    boolean cluster() {
        return commands() instanceof RedisAdvancedClusterAsyncCommands<?, ?>;
    }

    /**
     * Runs a script by its digest, loading it with {@code EVAL} when the server does not know it.
     */
    <T> T run(RedisScript script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        RedisClusterAsyncCommands<byte[], byte[]> c = commands();
        try {
            return await(c.<T>evalsha(script.sha(), type, keys, args), script.name());
        }
        catch (RedisCommandExecutionException ex) {
            if (ex.getMessage() != null && ex.getMessage().startsWith("NOSCRIPT")) {
                return await(c.<T>eval(script.body(), type, keys, args), script.name());
            }
            throw serverError(script.name(), ex);
        }
    }

    /**
     * Runs one script several times, pipelined: every call is sent before any answer is awaited,
     * so the calls share the round trips (one per server). A call the server does not know the
     * script for runs again with {@code EVAL}, on its own.
     *
     * @return for each call in order, its reply or the exception it failed with
     */
    List<Object> runAll(RedisScript script, ScriptOutputType type, List<byte[][]> keys, List<byte[][]> args) {
        return awaitAll(sendAll(script, type, keys, args), script, type, keys, args);
    }

    /**
     * Sends one script several times without waiting for an answer, so that other commands sent
     * before {@link #awaitAll} share the round trip with them.
     *
     * @return the calls, in order
     */
    List<RedisFuture<Object>> sendAll(RedisScript script, ScriptOutputType type, List<byte[][]> keys,
            List<byte[][]> args) {
        RedisClusterAsyncCommands<byte[], byte[]> c = commands();
        List<RedisFuture<Object>> sent = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            sent.add(c.evalsha(script.sha(), type, keys.get(i), args.get(i)));
        }
        return sent;
    }

    /**
     * Waits for the calls of {@link #sendAll}, as {@link #runAll} does.
     *
     * @return for each call in order, its reply or the exception it failed with
     */
    List<Object> awaitAll(List<RedisFuture<Object>> sent, RedisScript script, ScriptOutputType type,
            List<byte[][]> keys, List<byte[][]> args) {
        List<Object> out = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            try {
                out.add(await(sent.get(i), script.name()));
            }
            catch (RedisCommandExecutionException ex) {
                if (ex.getMessage() != null && ex.getMessage().startsWith("NOSCRIPT")) {
                    try {
                        out.add(run(script, type, keys.get(i), args.get(i)));
                    }
                    catch (RuntimeException again) {
                        out.add(again);
                    }
                }
                else {
                    out.add(serverError(script.name(), ex));
                }
            }
            catch (RuntimeException ex) {
                out.add(ex);
            }
        }
        return out;
    }

    /**
     * Waits for a command, at most the command timeout. Server errors come out as
     * {@link RedisCommandExecutionException}; connection problems as
     * {@link StorageUnavailableException}.
     */
    <T> T await(RedisFuture<T> future, String what) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            future.cancel(true);
            throw new StorageUnavailableException("Redis did not answer " + what + " within " + timeout.toMillis()
                    + " ms", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new StorageUnavailableException("Interrupted while waiting for Redis (" + what + ")", ex);
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof RedisCommandExecutionException server && !unavailable(server)) {
                throw server;
            }
            throw translate(what, cause);
        }
        catch (RuntimeException ex) {
            throw translate(what, ex);
        }
    }

    /** Maps a server error that is not a connection problem to a general failure. */
    static FsmException serverError(String what, RedisCommandExecutionException ex) {
        return new FsmException("Redis rejected " + what + ": " + ex.getMessage(), ex);
    }

    /** Maps a driver failure to the SPI's exceptions. */
    static RuntimeException translate(String what, Throwable ex) {
        if (ex instanceof FsmException fsm) {
            return fsm;
        }
        if (ex instanceof RedisCommandExecutionException server && !unavailable(server)) {
            return serverError(what, server);
        }
        if (ex instanceof RedisException || ex instanceof IOException
                || ex instanceof RedisConnectionFailureException
                || ex instanceof QueryTimeoutException
                || (ex instanceof DataAccessException && connectionProblem(ex))) {
            return new StorageUnavailableException("Redis is unavailable (" + what + "): " + ex.getMessage(), ex);
        }
        if (ex instanceof RuntimeException runtime) {
            return runtime;
        }
        return new FsmException("Redis failed (" + what + "): " + ex, ex);
    }

    private static boolean unavailable(RedisCommandExecutionException ex) {
        String message = String.valueOf(ex.getMessage());
        return message.startsWith("LOADING") || message.startsWith("BUSY") || message.startsWith("MASTERDOWN")
                || message.startsWith("CLUSTERDOWN") || message.startsWith("TRYAGAIN")
                || message.startsWith("READONLY");
    }

    private static boolean connectionProblem(Throwable ex) {
        for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
            if ((t instanceof RedisException && !(t instanceof RedisCommandExecutionException))
                    || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Releases the connection taken from the factory (the factory's shared one stays open). */
    synchronized void close() {
        RedisConnection open = connection;
        connection = null;
        commands = null;
        if (open != null) {
            try {
                open.close();
            }
            catch (RuntimeException ignored) {
                // closing a broken connection has nothing left to release
            }
        }
    }
}
