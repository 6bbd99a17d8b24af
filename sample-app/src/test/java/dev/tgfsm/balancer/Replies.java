package dev.tgfsm.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;

/**
 * The replies the local Bot API server got for the users' updates, checked against the instance
 * that applied each update (the {@link CounterController#BY} list in the user's data).
 *
 * @param byInstance the replies by the instance whose handler made them
 * @param unsent the updates applied by the killed instance and not replied to
 * @param twice the updates applied by the killed instance and replied to twice: sent by it, not yet
 *        acknowledged when it died, and sent again by the survivor that took the stored reply over
 */
record Replies(Map<String, Integer> byInstance, int unsent, int twice) {

    private static final Pattern REPLY = Pattern.compile("\\b(\\d+) by (bot\\d+)\\b");

    /**
     * Checks the replies as {@link #check(BalancedBots, FsmStorage, long, int, int, String, Map)} does
     * when no instance was killed, or none left replies unacknowledged.
     */
    static Replies check(BalancedBots bots, FsmStorage storage, long firstUser, int users, int updates,
            String killed) throws InterruptedException {
        return check(bots, storage, firstUser, users, updates, killed, Map.of());
    }

    /**
     * Waits until every update of the users applied by a live instance was replied to, then checks
     * the replies: each such update got exactly one, and so did each update the killed instance
     * ({@code null}: none was killed) applied and whose reply it had acknowledged. An update whose
     * reply the killed instance had committed and not acknowledged when it died ({@code pendingAtKill},
     * read from the store right after the kill) got none, one or two: none when it died before sending
     * (the stored reply is sent by the conversation's next unit of work after {@code redeliver-after},
     * which this test does not wait for; {@code SampleCrashIT} does), two when it died after sending
     * and before its acknowledgement was stored, and a survivor took the reply over after
     * {@code redeliver-after} (delivery is at least once, see {@code Outbox}).
     *
     * @param bots the instances, whose Bot API server counted the replies
     * @param storage the test's view of the store
     * @param firstUser the first user; the others follow
     * @param users how many users
     * @param updates how many updates each user sent (sequence numbers 1 to this)
     * @param killed the name of the killed instance, or {@code null}
     * @param pendingAtKill by user, the sequence numbers whose replies the killed instance left stored
     * @return the replies by the instance that made them, and how many were not sent or sent twice
     */
    static Replies check(BalancedBots bots, FsmStorage storage, long firstUser, int users, int updates,
            String killed, Map<Long, Set<Integer>> pendingAtKill) throws InterruptedException {
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
        int twice = 0;
        for (Map.Entry<Long, Map<Integer, Object>> user : appliedBy.entrySet()) {
            for (int n = 1; n <= updates; n++) {
                Object instance = user.getValue().get(n);
                List<String> sent = replies.getOrDefault(user.getKey(), Map.of()).getOrDefault(n, List.of());
                sent.forEach(s -> byInstance.merge(s, 1, Integer::sum));
                boolean leftStored = instance.equals(killed)
                        && pendingAtKill.getOrDefault(user.getKey(), Set.of()).contains(n);
                long chat = user.getKey();
                int sequence = n;
                assertThat(sent).as(() -> "replies to update %s of user %s, applied by %s%s (the user's replies: %s)"
                        .formatted(sequence, chat, instance, leftStored ? ", not acknowledged when it died" : "",
                                bots.replyTimes(chat)))
                        .allMatch(instance::equals)
                        .hasSizeBetween(leftStored ? 0 : 1, leftStored ? 2 : 1);
                unsent += sent.isEmpty() ? 1 : 0;
                twice += sent.size() == 2 ? 1 : 0;
            }
        }
        return new Replies(byInstance, unsent, twice);
    }

    /**
     * Reads, by user, the sequence numbers whose replies an instance committed and left stored (not
     * acknowledged): the calls of the outbox entries in the users' records ({@code OutboxRelay.META}).
     *
     * @param storage the test's view of the store
     * @param firstUser the first user; the others follow
     * @param users how many users
     * @param instance the instance whose replies count
     * @return the sequence numbers by user
     */
    static Map<Long, Set<Integer>> pending(FsmStorage storage, long firstUser, int users, String instance) {
        Map<Long, Set<Integer>> pending = new HashMap<>();
        for (int i = 0; i < users; i++) {
            long user = firstUser + i;
            // the outbox's entries are the record's only metadata that holds reply texts
            Matcher matcher = REPLY.matcher(
                    String.valueOf(storage.load(StorageKey.of(BalancedBots.BOT_ID, user, user)).meta()));
            while (matcher.find()) {
                if (matcher.group(2).equals(instance)) {
                    pending.computeIfAbsent(user, u -> new TreeSet<>()).add(Integer.parseInt(matcher.group(1)));
                }
            }
        }
        return pending;
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
