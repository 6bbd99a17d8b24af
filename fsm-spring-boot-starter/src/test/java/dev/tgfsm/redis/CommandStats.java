package dev.tgfsm.redis;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads how many times a redis-server ran each command ({@code INFO commandstats}), to count what a
 * test's calls cost.
 */
final class CommandStats {

    private CommandStats() {
    }

    /**
     * Calls per command so far, read with redis-cli.
     *
     * @param redis the server
     * @return command name to calls
     */
    static Map<String, Long> of(RedisProcess redis) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : redis.cli("INFO", "commandstats").split("\\R")) {
            if (line.startsWith("cmdstat_")) {
                String fields = line.substring(line.indexOf(':') + 1);
                calls.put(line.substring(8, line.indexOf(':')),
                        Long.parseLong(fields.substring(6, fields.indexOf(','))));
            }
        }
        return calls;
    }

    /**
     * The commands run between two readings, without the {@code INFO} calls of the readings.
     *
     * @param before the first reading
     * @param after the second reading
     * @return command name to calls, only those that changed
     */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new HashMap<>();
        after.forEach((name, calls) -> {
            long d = calls - before.getOrDefault(name, 0L);
            if (d != 0) {
                out.put(name, d);
            }
        });
        out.remove("info");
        return out;
    }
}
