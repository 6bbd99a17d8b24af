package dev.tgfsm.bench.e2e;

import java.util.Map;

/**
 * What one measured round of the end-to-end benchmark found.
 *
 * @param updates updates queued in the round
 * @param confirmSeconds from the first update queued to the bot's {@code getUpdates} offset passing the last
 * @param replySeconds from the first update queued to the last expected reply arriving at the server
 * @param botCpuTicks bot process CPU (user + system) during the round, in clock ticks
 * @param clockTicksPerSecond {@code getconf CLK_TCK}
 * @param rssKib the bot's {@code VmRSS} after the round
 * @param hwmKib the bot's {@code VmHWM} (peak resident set) after the round
 * @param redisCommands Redis commands during the round by name, with calls and server microseconds
 * @param redisCpuTicks redis-server process CPU during the round
 * @param botRequests Bot API requests the bot made during the round, by method
 * @param ordersPlaced replies that completed a wizard
 * @param throttled rate-limit notices
 * @param threadTicks bot CPU ticks by thread group (threads that ended during the round are missing)
 * @param loadAverage the machine's 1-minute load average when the round started
 */
record RoundResult(int updates, double confirmSeconds, double replySeconds, long botCpuTicks, long clockTicksPerSecond,
        long rssKib, long hwmKib, Map<String, PrivateRedis.CommandStat> redisCommands, long redisCpuTicks,
        Map<String, Integer> botRequests, int ordersPlaced, int throttled, Map<String, Long> threadTicks,
        double loadAverage) {

    /**
     * Returns the throughput.
     *
     * @return updates per second until the last was confirmed
     */
    double updatesPerSecond() {
        return updates / confirmSeconds;
    }

    /**
     * Returns the bot's CPU time per update.
     *
     * @return milliseconds
     */
    double cpuMillisPerUpdate() {
        return ticksToMillis(botCpuTicks) / updates;
    }

    /**
     * Returns the bot's CPU time per update without the JIT compiler threads, whose share on a
     * loaded machine depends more on how long the compilers waited for a core than on the code.
     *
     * @return milliseconds
     */
    double cpuMillisPerUpdateWithoutCompilers() {
        long compilers = threadTicks.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToLong(Map.Entry::getValue).sum();
        return ticksToMillis(botCpuTicks - compilers) / updates;
    }

    /**
     * Returns the Redis commands per update.
     *
     * @return all commands the bot sent, divided by the updates
     */
    double redisCallsPerUpdate() {
        return redisCommands.values().stream().mapToLong(PrivateRedis.CommandStat::calls).sum() / (double) updates;
    }

    /**
     * Returns Redis server time per update, as {@code INFO commandstats} counts it.
     *
     * @return microseconds
     */
    double redisMicrosPerUpdate() {
        return redisCommands.values().stream().mapToLong(PrivateRedis.CommandStat::usec).sum() / (double) updates;
    }

    /**
     * Converts clock ticks.
     *
     * @param ticks clock ticks
     * @return milliseconds
     */
    double ticksToMillis(long ticks) {
        return ticks * 1000.0 / clockTicksPerSecond;
    }
}
