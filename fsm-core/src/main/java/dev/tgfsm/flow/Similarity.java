package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How alike two texts are, for "did you mean" suggestions: the edit distance (Levenshtein), and the
 * options close to an input.
 */
final class Similarity {

    private Similarity() {
    }

    /**
     * The options close to an input, ignoring case: those that start with it or contain it (at
     * least two characters), and those within an edit distance of a third of their length, closest
     * first.
     */
    static List<String> closest(String input, List<String> options) {
        String typed = input.strip().toLowerCase(Locale.ROOT);
        List<String> close = new ArrayList<>();
        List<Integer> distances = new ArrayList<>();
        if (typed.isEmpty()) {
            return close;
        }
        for (String option : options) {
            String o = option.toLowerCase(Locale.ROOT);
            int d = distance(typed, o);
            boolean contained = typed.length() >= 2 && o.contains(typed);
            if (contained || d <= o.length() / 3) {
                int at = 0;
                int rank = contained ? 0 : d;
                while (at < close.size() && distances.get(at) <= rank) {
                    at++;
                }
                close.add(at, option);
                distances.add(at, rank);
            }
        }
        return close;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
