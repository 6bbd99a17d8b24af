package dev.tgfsm.key;

import dev.tgfsm.Internal;

/**
 * A glob pattern with Redis semantics, used by {@code listKeys}: {@code *} matches any run of
 * characters, {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [^a]} one character of
 * a set, and a backslash makes the next character literal.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class Glob {

    private final String pattern;

    private Glob(String pattern) {
        this.pattern = pattern;
    }

    /**
     * Compiles a pattern.
     *
     * @param pattern the glob
     * @return the compiled pattern
     */
    public static Glob of(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("pattern must not be null");
        }
        return new Glob(pattern);
    }

    /**
     * Returns the pattern text.
     *
     * @return the pattern
     */
    public String pattern() {
        return pattern;
    }

    /**
     * Returns the literal text every match starts with: the pattern up to its first wildcard, with
     * escapes resolved. Backends use it to narrow a scan (an index range, a {@code LIKE} prefix).
     *
     * @return the literal prefix, possibly empty
     */
    public String literalPrefix() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                break;
            }
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Escapes text so that it matches only itself.
     *
     * @param literal any text
     * @return the text with every glob character preceded by a backslash
     */
    public static String quote(String literal) {
        StringBuilder sb = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Tells whether the text matches the whole pattern. Runs in time proportional to the product of
     * the lengths at worst, however many stars the pattern has.
     *
     * @param text the text
     * @return {@code true} on a match
     */
    public boolean matches(String text) {
        int length = pattern.length();
        int p = 0;
        int i = 0;
        int starP = -1;
        int starI = -1;
        while (i < text.length()) {
            if (p < length && pattern.charAt(p) == '*') {
                while (p < length && pattern.charAt(p) == '*') {
                    p++;
                }
                starP = p;
                starI = i;
                continue;
            }
            int next = p < length ? matchOne(p, text.charAt(i)) : -1;
            if (next >= 0) {
                p = next;
                i++;
            }
            else if (starP >= 0) {
                p = starP;
                i = ++starI;
            }
            else {
                return false;
            }
        }
        while (p < length && pattern.charAt(p) == '*') {
            p++;
        }
        return p == length;
    }

    /**
     * Matches one character against the pattern element at {@code p} (not a star).
     *
     * @return the index after the element, or -1 if the character does not match
     */
    private int matchOne(int p, char ch) {
        char c = pattern.charAt(p);
        if (c == '?') {
            return p + 1;
        }
        if (c == '[') {
            int end = p + 1;
            boolean negate = end < pattern.length() && pattern.charAt(end) == '^';
            if (negate) {
                end++;
            }
            boolean found = false;
            while (end < pattern.length() && pattern.charAt(end) != ']') {
                char lo = pattern.charAt(end);
                if (lo == '\\' && end + 1 < pattern.length()) {
                    lo = pattern.charAt(++end);
                }
                if (end + 2 < pattern.length() && pattern.charAt(end + 1) == '-' && pattern.charAt(end + 2) != ']') {
                    char hi = pattern.charAt(end + 2);
                    if (lo > hi) {
                        char t = lo;
                        lo = hi;
                        hi = t;
                    }
                    found |= ch >= lo && ch <= hi;
                    end += 3;
                }
                else {
                    found |= ch == lo;
                    end++;
                }
            }
            return found != negate ? Math.min(end + 1, pattern.length()) : -1;
        }
        if (c == '\\' && p + 1 < pattern.length()) {
            c = pattern.charAt(++p);
        }
        return ch == c ? p + 1 : -1;
    }
}
