package dev.tgfsm.telegram;

import java.util.List;

import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Counts Bot API calls the {@link LocalBotApiServer} received per window of time, from its recorded
 * arrival times: how flood-control tests check a rate without timing themselves.
 */
public final class SendWindows {

    private SendWindows() {
    }

    /**
     * Returns the most requests that arrived within any window {@code [t, t + windowMillis)}.
     *
     * @param requests the requests
     * @param windowMillis the window
     * @return the largest count
     */
    public static int maxPerWindow(List<LocalBotApiServer.Request> requests, long windowMillis) {
        long[] times = requests.stream().mapToLong(LocalBotApiServer.Request::atMillis).sorted().toArray();
        int max = 0;
        int from = 0;
        for (int to = 0; to < times.length; to++) {
            while (times[to] - times[from] >= windowMillis) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }
}
