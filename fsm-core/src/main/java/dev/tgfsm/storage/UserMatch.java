package dev.tgfsm.storage;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.StoragePermitStore;

/**
 * Decides what stored thing belongs to a user, the same way for every backend (see
 * {@link UserDataStorage}): a key naming the user, a key of the private chat with the user (whose
 * chat id is the user's id; group and channel ids are negative, so they never clash), and the
 * outbound flood bucket of that private chat (bot-wide key, destiny {@code flood:c:<user id>}).
 */
public final class UserMatch {

    private UserMatch() {
    }

    /**
     * Tells whether a record or bucket key belongs to a user.
     *
     * @param key the key
     * @param userId the user
     * @return {@code true} if it names the user or the private chat with the user
     */
    public static boolean owns(StorageKey key, long userId) {
        if (key.userId() == userId || key.chatId() == userId) {
            return true;
        }
        return key.chatId() == 0 && key.userId() == 0 && key.destiny().equals(floodDestiny(userId));
    }

    /**
     * Tells whether a name that starts with a conversation tag ({@code {bot:chat:user...}}, as the
     * rate limiter names its counters) belongs to a user.
     *
     * @param name the name
     * @param userId the user
     * @return {@code true} if the tag names the user or the private chat with the user
     */
    public static boolean ownsTagged(String name, long userId) {
        int close = name.indexOf('}');
        if (!name.startsWith("{") || close < 0) {
            return false;
        }
        String[] parts = name.substring(1, close).split(":", -1);
        if (parts.length < 3) {
            return false;
        }
        String user = Long.toString(userId);
        return parts[1].equals(user) || parts[2].equals(user);
    }

    /**
     * Returns the destiny of the outbound flood bucket of the private chat with a user, as
     * {@link StoragePermitStore} keeps it.
     *
     * @param userId the user
     * @return {@code flood:c:<user id>}
     */
    public static String floodDestiny(long userId) {
        return "flood:c:" + userId;
    }
}
