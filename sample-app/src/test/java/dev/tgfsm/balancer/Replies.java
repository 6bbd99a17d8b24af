package dev.tgfsm.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;

/**
 * The replies the local Bot API server got for the users' updates, checked against the instance
 * that applied each update (the {@link CounterController#BY} list in the user's data).
 *
 * @param byInstance the replies by the instance whose handler made them
 * @param unsent the updates applied by the killed instance and not replied to
 */
record Replies(Map<String, Integer> byInstance, int unsent) {

    /**
     * Waits until every update of the users applied by a live instance was replied to, then checks
     * the replies: each such update got exactly one; an update applied by the killed instance
     * ({@code null}: none was killed) got one, or none when the instance died between its commit and
     * sending (the stored reply is then sent by the conversation's next unit of work after
     * {@code redeliver-after}, which this test does not wait for; {@code SampleCrashIT} does).
     *
     * @param bots the instances, whose Bot API server counted the replies
     * @param storage the test's view of the store
     * @param firstUser the first user; the others follow
     * @param users how many users
     * @param updates how many updates each user sent (sequence numbers 1 to this)
     * @param killed the name of the killed instance, or {@code null}
     * @return the replies by the instance that made them, and how many were not sent
     */
    static Replies check(BalancedBots bots, FsmStorage storage, long firstUser, int users, int updates,
            String killed) throws InterruptedException {
        Map<Long, Map<Integer, Object>> appliedBy = new HashMap<>();
        for (int i = 0; i < users; i++) {
            appliedBy.put(firstUser + i, appliedBy(storage, firstUser + i));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<Long, Map<Integer, List<String>>> replies = bots.repliesByChat();
        while (missing(replies, appliedBy, updates, killed) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            replies = bots.repliesByChat();
        }
        Map<String, Integer> byInstance = new TreeMap<>();
        int unsent = 0;
        for (Map.Entry<Long, Map<Integer, Object>> user : appliedBy.entrySet()) {
            for (int n = 1; n <= updates; n++) {
                Object instance = user.getValue().get(n);
                List<String> sent = replies.getOrDefault(user.getKey(), Map.of()).getOrDefault(n, List.of());
                sent.forEach(s -> byInstance.merge(s, 1, Integer::sum));
                assertThat(sent).as("replies to update %s of user %s, applied by %s", n, user.getKey(), instance)
                        .allMatch(instance::equals).hasSizeBetween(instance.equals(killed) ? 0 : 1, 1);
                unsent += sent.isEmpty() ? 1 : 0;
            }
        }
        return new Replies(byInstance, unsent);
    }

    private static int missing(Map<Long, Map<Integer, List<String>>> replies,
            Map<Long, Map<Integer, Object>> appliedBy, int updates, String killed) {
        int missing = 0;
        for (Map.Entry<Long, Map<Integer, Object>> user : appliedBy.entrySet()) {
            Map<Integer, List<String>> sent = replies.getOrDefault(user.getKey(), Map.of());
            for (int n = 1; n <= updates; n++) {
                if (!sent.containsKey(n) && !user.getValue().get(n).equals(killed)) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** Returns the instance that applied each of the user's updates, by sequence number. */
    private static Map<Integer, Object> appliedBy(FsmStorage storage, long user) {
        Map<String, Object> data = storage.load(StorageKey.of(BalancedBots.BOT_ID, user, user)).data();
        List<?> seen = (List<?>) data.get(CounterController.SEEN);
        List<?> by = (List<?>) data.get(CounterController.BY);
        Map<Integer, Object> applied = new HashMap<>();
        for (int i = 0; i < seen.size(); i++) {
            applied.put(((Number) seen.get(i)).intValue(), by.get(i));
        }
        return applied;
    }
}
