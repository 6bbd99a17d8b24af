package dev.tgfsm.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.ScopedData;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.key.StorageKey;

/**
 * How {@code /reset} reaches the per-message conversations ({@link StorageKey#messageScope()}: menus
 * keyed per message) of the chat conversation it resets, without finding them: a reset counts
 * a reset generation per chat (and topic) in the user's {@linkplain DataScope#USER scope} (one
 * increment, written after the commit, never lost to a concurrent one); each per-message conversation
 * keeps the generation it last saw in its own record's metadata ({@value #META}) and, on its next
 * update, clears itself (state, data, call stack, plain-state history) when the chat's conversation
 * was reset since. A new per-message conversation takes the current generation. The user scope is
 * read with the conversation when it is preloaded (the starter's default) and the storage loads it
 * together with the conversation (memory, SQL, standalone Redis, a Cluster in a private chat): then
 * this costs no extra round trip; otherwise (a Cluster in a group, no preload) a per-message update
 * reads the user scope once more. A per-message update writes only when it clears or takes a newer
 * generation; {@code /reset} adds one scope write.
 *
 * <p>{@code /cancel} does not clear them: it ends the chat conversation's operation, and a menu is
 * an operation of its own. The entry {@code tgfsm.resets:<chat>[:t<thread>]} is one of the library's
 * own in the user's scope ({@link ScopedData#isInternal}): applications reading the scope, privacy
 * exports and the admin view do not see it, and clearing the scope keeps it.
 */
final class PerMessageResets {

    private static final Logger log = LoggerFactory.getLogger(FlowEngine.class);

    /** The metadata entry of a per-message conversation: the reset generation it last saw. */
    static final String META = "resets";

    private PerMessageResets() {
    }

    /** The user-scope entry counting the resets of a chat conversation (its chat and topic). */
    static String entry(StorageKey key) {
        return ScopedData.INTERNAL_PREFIX + "resets:" + key.chatId()
                + (key.threadId() != null ? ":t" + key.threadId() : "");
    }

    /** A reset of a chat's conversation ({@link ConversationReset}): its per-message conversations clear themselves next time. */
    static void resetAll(FsmTransaction tx) {
        if (tx.key().messageScope() == null) {
            tx.scope(DataScope.USER).increment(entry(tx.key()), 1);
        }
    }

    /** An update of a per-message conversation: clears it if the chat's conversation was reset since it last looked. */
    static void check(UpdateContext update) {
        StorageKey key = update.key();
        if (key.messageScope() == null) {
            return;
        }
        ScopedData user = update.scope(DataScope.USER);
        Number counted = user.get(entry(key), Number.class);
        long generation = counted == null ? 0 : counted.longValue();
        FsmContext context = update.context();
        long seen = EngineContext.of(context).getMeta(META) instanceof Number n ? n.longValue() : 0;
        if (seen >= generation) {
            return;
        }
        if (context.getState() != null || !context.getData().isEmpty()) {
            log.debug("{} was reset with its chat's conversation (/reset): cleared", key);
            new ConversationReset().reset(FsmTransactions.of(update.transaction()), null);
            new CallStack(context).clear();
            StateHistory.clear(context);
        }
        EngineContext.of(context).setMeta(META, generation);
    }
}
