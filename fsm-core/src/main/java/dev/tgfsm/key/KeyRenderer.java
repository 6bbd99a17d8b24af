package dev.tgfsm.key;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns a {@link StorageKey} into its stable string form and back.
 *
 * <p>The format is {@code <prefix>{<bot>:<chat>:<user>[:t<thread>][:b<business>][:m<message>]}:<destiny>},
 * for example {@code tgfsm:{42:-1001:7:t3}:default}; the message part belongs to per-message
 * conversations only ({@link StorageKey#messageScope()}). The part inside the braces is the conversation's
 * identity; on a Redis Cluster it is the hash tag, so every destiny of one conversation, its lock,
 * its history and its counters live in one slot and one script can change them together.
 *
 * <p>The business connection id, the message scope and the destiny are chosen by users, so they are escaped: every
 * character outside {@code [A-Za-z0-9_.-]} becomes {@code %XX} (UTF-8 bytes, upper-case hex).
 * A rendered key therefore never contains a glob character ({@code * ? [ ] \}), a brace or a
 * colon inside a part, and cannot be confused with another key or break a scan pattern. Use
 * {@link #escape(String)} to put a literal destiny into a pattern.
 *
 * <p>The format is part of the public contract: records written by one version are read by the
 * next. Instances are immutable and thread-safe.
 */
public final class KeyRenderer {

    /** The prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "tgfsm:";

    private final String prefix;

    /**
     * Creates a renderer with the {@linkplain #DEFAULT_PREFIX default prefix}.
     */
    public KeyRenderer() {
        this(DEFAULT_PREFIX);
    }

    /**
     * Creates a renderer.
     *
     * @param prefix put before every key, for example {@code "mybot:"}; may be empty, must not
     *        contain braces or glob characters
     */
    public KeyRenderer(String prefix) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        for (char c : prefix.toCharArray()) {
            if ("{}*?[]\\".indexOf(c) >= 0 || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("Key prefix '" + prefix
                        + "' must not contain braces, glob characters or white space");
            }
        }
        this.prefix = prefix;
    }

    /**
     * Returns the prefix put before every key.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Renders the full key, prefix included.
     *
     * @param key the key
     * @return for example {@code tgfsm:{42:100:7}:default}
     */
    public String render(StorageKey key) {
        // one builder: the key is rendered several times per update (lock, records, scopes)
        StringBuilder sb = new StringBuilder(prefix.length() + 48).append(prefix);
        return appendConversationTag(sb, key).append(':').append(escape(key.destiny())).toString();
    }

    /**
     * Renders the key without the prefix: the form that {@code listKeys} patterns are matched
     * against.
     *
     * @param key the key
     * @return for example {@code {42:100:7}:default}
     */
    public String canonical(StorageKey key) {
        return appendConversationTag(new StringBuilder(48), key).append(':').append(escape(key.destiny())).toString();
    }

    /**
     * Renders the conversation part of the key, prefix included and destiny left out, for keys that
     * belong to the whole conversation (its lock, for example). Backends append a suffix that
     * starts with a character that {@link #escape} never leaves in a destiny, such as {@code #}.
     *
     * @param key any key of the conversation
     * @return for example {@code tgfsm:{42:100:7}}
     */
    public String conversation(StorageKey key) {
        return appendConversationTag(new StringBuilder(prefix.length() + 40).append(prefix), key).toString();
    }

    /**
     * Renders the start that every key of one bot has, prefix included, for finding one bot's keys
     * among those of several bots sharing a store.
     *
     * @param botId the bot
     * @return for example <code>tgfsm:{42:</code>
     */
    public String botTag(long botId) {
        return prefix + canonicalBotTag(botId);
    }

    /**
     * Renders the start that the {@linkplain #canonical canonical form} of every key of one bot has.
     *
     * @param botId the bot
     * @return for example <code>{42:</code>
     */
    public static String canonicalBotTag(long botId) {
        return "{" + botId + ':';
    }

    private static StringBuilder appendConversationTag(StringBuilder sb, StorageKey key) {
        sb.append('{')
                .append(key.botId()).append(':').append(key.chatId()).append(':').append(key.userId());
        if (key.threadId() != null) {
            sb.append(":t").append(key.threadId());
        }
        if (key.businessConnectionId() != null) {
            sb.append(":b").append(escape(key.businessConnectionId()));
        }
        if (key.messageScope() != null) {
            sb.append(":m").append(escape(key.messageScope()));
        }
        return sb.append('}');
    }

    /**
     * Parses a full key, prefix included.
     *
     * @param rendered a string made by {@link #render}
     * @return the key
     * @throws IllegalArgumentException if the string is not a key of this renderer
     */
    public StorageKey parse(String rendered) {
        if (!rendered.startsWith(prefix)) {
            throw new IllegalArgumentException("Not a tgfsm key with prefix '" + prefix + "': " + rendered);
        }
        return parseCanonical(rendered.substring(prefix.length()));
    }

    /**
     * Parses a key without its prefix.
     *
     * @param canonical a string made by {@link #canonical}
     * @return the key
     * @throws IllegalArgumentException if the string is not a canonical key
     */
    public StorageKey parseCanonical(String canonical) {
        int close = canonical.indexOf("}:");
        if (!canonical.startsWith("{") || close < 0 || close + 2 >= canonical.length()) {
            throw new IllegalArgumentException("Malformed tgfsm key: " + canonical);
        }
        String[] parts = canonical.substring(1, close).split(":", -1);
        if (parts.length < 3 || parts.length > 6) {
            throw new IllegalArgumentException("Malformed tgfsm key identity: " + canonical);
        }
        try {
            long bot = Long.parseLong(parts[0]);
            long chat = Long.parseLong(parts[1]);
            long user = Long.parseLong(parts[2]);
            Long thread = null;
            String business = null;
            String message = null;
            for (int i = 3; i < parts.length; i++) {
                String part = parts[i];
                if (part.startsWith("t") && thread == null && business == null && message == null) {
                    thread = Long.parseLong(part.substring(1));
                }
                else if (part.startsWith("b") && business == null && message == null && part.length() > 1) {
                    business = unescape(part.substring(1));
                }
                else if (part.startsWith("m") && message == null && part.length() > 1) {
                    message = unescape(part.substring(1));
                }
                else {
                    throw new IllegalArgumentException("Malformed tgfsm key part '" + part + "': " + canonical);
                }
            }
            return new StorageKey(bot, chat, user, thread, business, unescape(canonical.substring(close + 2)), message);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Malformed number in tgfsm key: " + canonical, ex);
        }
    }

    /**
     * Escapes a user-controlled part: every character outside {@code [A-Za-z0-9_.-]} becomes
     * {@code %XX}. The result is safe inside a key and inside a glob pattern as a literal.
     *
     * @param raw the raw text
     * @return the escaped text
     */
    public static String escape(String raw) {
        StringBuilder sb = null;
        byte[] bytes = null;
        for (int i = 0; i < raw.length(); i++) {
            if (!isSafe(raw.charAt(i))) {
                bytes = raw.getBytes(StandardCharsets.UTF_8);
                sb = new StringBuilder(raw.length() + 16);
                break;
            }
        }
        if (sb == null) {
            return raw;
        }
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (b >= 0 && isSafe(c)) {
                sb.append(c);
            }
            else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * Reverses {@link #escape}.
     *
     * @param escaped escaped text
     * @return the raw text
     * @throws IllegalArgumentException if an escape sequence is malformed
     */
    public static String unescape(String escaped) {
        if (escaped.indexOf('%') < 0) {
            return escaped;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '%') {
                if (i + 2 >= escaped.length()) {
                    throw new IllegalArgumentException("Truncated escape in key part: " + escaped);
                }
                int hi = Character.digit(escaped.charAt(i + 1), 16);
                int lo = Character.digit(escaped.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("Bad escape in key part: " + escaped);
                }
                out.write((hi << 4) | lo);
                i += 2;
            }
            else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-';
    }
}
