package dev.tgfsm.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.api.StatefulRedisConnection;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.UpdateDispatcher;

/**
 * Names the round trips clients sent to Redis servers during some work, from their slow logs (the
 * servers must log every command: {@code slowlog-log-slower-than 0}): scripts by name, other
 * commands by command. {@code INFO commandstats} also counts the commands a script runs; those
 * appear in the slow log with the client {@value #SCRIPT_CLIENT} and are left out.
 */
final class SlowLogRoundTrips {

    /** The client name the slow log gives to commands run by a script. */
    static final String SCRIPT_CLIENT = "?:0";

    private SlowLogRoundTrips() {
    }

    /**
     * Runs the work and returns its round trips, in order on each node.
     *
     * @param nodes an admin connection to every server
     * @param ignored commands that are not the work's (for example {@code slowlog} itself)
     * @param work the work
     * @return the scripts and commands, one per round trip
     */
    static List<String> during(List<StatefulRedisConnection<String, String>> nodes, Set<String> ignored,
            Runnable work) {
        nodes.forEach(node -> node.sync().slowlogReset());
        work.run();
        Map<String, String> names = new HashMap<>();
        for (RedisScript script : List.of(RedisScript.LOAD, RedisScript.LOCK_AND_LOAD, RedisScript.RENEW,
                RedisScript.UNLOCK, RedisScript.COMMIT, RedisScript.UPDATE, RedisScript.INCREMENT,
                RedisScript.THROTTLE, RedisDeadlines.SCHEDULE, RedisDeadlines.CLAIM, RedisDeadlines.CANCEL)) {
            names.put(script.sha(), script.name());
        }
        List<String> ran = new ArrayList<>();
        for (StatefulRedisConnection<String, String> node : nodes) {
            List<Object> entries = node.sync().slowlogGet(-1);
            for (int i = entries.size() - 1; i >= 0; i--) {
                List<?> entry = (List<?>) entries.get(i);
                if (SCRIPT_CLIENT.equals(String.valueOf(entry.get(4)))) {
                    continue;
                }
                List<?> args = (List<?>) entry.get(3);
                String command = String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
                if (ignored.contains(command)) {
                    continue;
                }
                ran.add(command.equals("evalsha") || command.equals("eval")
                        ? names.getOrDefault(String.valueOf(args.get(1)), "unknown script") : command);
            }
        }
        return ran;
    }

    /**
     * Hands an update to the dispatcher and waits until it is done.
     *
     * @param dispatcher the dispatcher
     * @param update the update
     */
    static void dispatch(UpdateDispatcher dispatcher, Update update) {
        try {
            dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
