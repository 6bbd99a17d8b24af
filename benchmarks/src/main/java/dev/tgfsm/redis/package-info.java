/**
 * Benchmark access to the Redis backend's own Lua scripts, so that the raw Lettuce baselines run
 * exactly the scripts {@link dev.tgfsm.redis.RedisFsmStorage} runs.
 */
package dev.tgfsm.redis;
