package dev.tgfsm.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tgfsm.storage.ConversationLifetime;

/**
 * The destinies sharing their conversation's lifetime (the members of its {@code #l} set), as far
 * as this process has seen them, so that the commit script is passed the key of every record it may
 * touch (Redis' rule: a script touches only the keys in its {@code KEYS}). A member this process
 * does not know of (written by another instance, or forgotten) makes the script answer before it
 * writes anything, naming it; the commit is then sent again with its key: one more round trip, once
 * per conversation and new member. Bounded: the least recently written conversations are forgotten.
 *
 * <p>The script touches the other members only when they must move (about once per
 * {@link ConversationLifetime#stepMillis step} of the TTL): when a written member's
 * field {@code l} (the expiry the members were last moved to) is more than a step before the new
 * expiry. So each member also keeps the lowest {@code l} its record is known to hold, from the
 * replies of this process's commits, and a commit that certainly moves nothing is passed no other
 * member's key. Knowing too little only passes keys that were not needed; a record whose {@code l}
 * is lower than known (deleted and written again meanwhile) makes the script name the members, and
 * the commit is sent again with every known key.
 */
final class LifetimeMembers {

    /** How many conversations are remembered. */
    static final int CAPACITY = 10_000;

    /** No {@code l} known for a member. */
    private static final Long UNKNOWN = 0L;

    /** By conversation: its members, each with the lowest {@code l} its record is known to hold (0: unknown). */
    private final Map<String, Map<String, Long>> known = new LinkedHashMap<>(256, 0.75f, true) {

        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Long>> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Remembers the members a commit writes and returns the keys it must be passed: the other known
     * members when it may move them, none when every member it writes is known to hold an {@code l}
     * no more than {@code step} before {@code expiry} (the script then moves nothing).
     *
     * @param written the destinies the commit writes
     * @param sharing those of them written sharing the lifetime (with a TTL)
     * @param fresh whether a shared write creates its record (no {@code l} yet)
     * @param all pass every known member, whatever is known of them (the script named missing ones)
     */
    synchronized List<String> forCommit(String conversation, Collection<String> written, List<String> sharing,
            boolean fresh, long expiry, long step, boolean all) {
        Map<String, Long> members = sharing.isEmpty() ? known.get(conversation)
                : known.computeIfAbsent(conversation, c -> new LinkedHashMap<>(4));
        if (members == null) {
            return List.of();
        }
        boolean mayMove = all || fresh;
        for (int i = 0; i < sharing.size(); i++) {
            Long l = members.putIfAbsent(sharing.get(i), UNKNOWN);
            if (l == null || l == 0 || expiry - l > step) {
                mayMove = true;
            }
        }
        return mayMove ? othersOf(members, written) : List.of();
    }

    /**
     * Records what a commit applied left in its shared members' {@code l}: {@code expiry} when the
     * script moved the others, else at least {@code expiry - step}.
     */
    synchronized void committed(String conversation, List<String> sharing, long expiry, long step, boolean moved) {
        Map<String, Long> members = known.get(conversation);
        if (members == null) {
            return;
        }
        long l = moved ? expiry : expiry - step;
        for (int i = 0; i < sharing.size(); i++) {
            Long before = members.get(sharing.get(i));
            if (before == null || before < l) {
                members.put(sharing.get(i), l);
            }
        }
    }

    /**
     * Remembers the members a commit script named when it had to move them without their keys; what
     * was known of every member's {@code l} is forgotten, since the script found it lower.
     */
    synchronized void named(String conversation, Collection<String> destinies) {
        Map<String, Long> members = known.computeIfAbsent(conversation, c -> new LinkedHashMap<>(4));
        members.replaceAll((destiny, l) -> UNKNOWN);
        for (String destiny : destinies) {
            members.putIfAbsent(destiny, UNKNOWN);
        }
    }

    /** Remembers members of a conversation. */
    synchronized void learn(String conversation, Collection<String> destinies) {
        if (!destinies.isEmpty()) {
            Map<String, Long> members = known.computeIfAbsent(conversation, c -> new LinkedHashMap<>(4));
            for (String destiny : destinies) {
                members.putIfAbsent(destiny, UNKNOWN);
            }
        }
    }

    private static List<String> othersOf(Map<String, Long> members, Collection<String> written) {
        List<String> others = new ArrayList<>(members.size());
        for (String destiny : members.keySet()) {
            if (!written.contains(destiny)) {
                others.add(destiny);
            }
        }
        return others;
    }
}
