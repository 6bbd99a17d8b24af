package dev.tgfsm.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tgfsm.storage.FsmStorage;

/**
 * Where the outbound buckets live, shared by every instance that uses the same store: a GCRA
 * theoretical arrival time (TAT) per bucket and bot (each bot's buckets are its own, so two bots on
 * one store never share a limit, even for the same bucket id). Implementations: {@link InMemoryPermitStore} (one
 * process), {@link StoragePermitStore} (any {@link FsmStorage}, for SQL), and the
 * starter's Redis store (one Lua script, one round trip). Thread-safe.
 */
public interface PermitStore {

    /**
     * Takes one permit from every bucket, or from none: for each bucket
     * {@code next = max(tat, now) + interval}; if {@code next - now <= tolerance} holds for all of them
     * every TAT becomes its {@code next}, else nothing changes.
     *
     * @param bot the bot whose buckets these are
     * @param buckets the buckets, at least one
     * @param now the current time
     * @return {@link Duration#ZERO} if the permits were taken, else how long to wait before asking again
     * @throws dev.tgfsm.storage.StorageUnavailableException if the store cannot be reached
     */
    Duration tryAcquire(long bot, List<Bucket> buckets, Instant now);

    /**
     * Books a bucket up to at least {@code until} (its TAT becomes {@code max(tat, until)}), so that
     * it grants nothing before {@code until - tolerance + interval}: how a {@code 429}'s
     * {@code retry_after} pauses a chat or the whole bot for every instance.
     *
     * @param bot the bot whose bucket it is
     * @param bucket the bucket
     * @param until the new earliest TAT
     * @param now the current time
     * @throws dev.tgfsm.storage.StorageUnavailableException if the store cannot be reached
     */
    void hold(long bot, Bucket bucket, Instant until, Instant now);
}
