package dev.tgfsm.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The destinies sharing their conversation's lifetime (the members of its {@code #l} set), as far
 * as this process has seen them, so that the commit script is passed the key of every record it may
 * touch (Redis' rule: a script touches only the keys in its {@code KEYS}). A member this process
 * does not know of (written by another instance, or forgotten) makes the script answer before it
 * writes anything, naming it; the commit is then sent again with its key: one more round trip, once
 * per conversation and new member. Bounded: the least recently written conversations are forgotten.
 */
final class LifetimeMembers {

    /** How many conversations are remembered. */
    static final int CAPACITY = 10_000;

    private final Map<String, Set<String>> known = new LinkedHashMap<>(256, 0.75f, true) {

        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The known members of a conversation other than the given destinies. */
    synchronized List<String> others(String conversation, Collection<String> written) {
        Set<String> members = known.get(conversation);
        if (members == null) {
            return List.of();
        }
        List<String> others = new ArrayList<>(members.size());
        for (String destiny : members) {
            if (!written.contains(destiny)) {
                others.add(destiny);
            }
        }
        return others;
    }

    /** Remembers members of a conversation. */
    synchronized void learn(String conversation, Collection<String> destinies) {
        if (!destinies.isEmpty()) {
            known.computeIfAbsent(conversation, c -> new LinkedHashSet<>(4)).addAll(destinies);
        }
    }
}
