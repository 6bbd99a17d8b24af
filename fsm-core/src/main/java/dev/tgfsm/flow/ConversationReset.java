package dev.tgfsm.flow;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.garbage.TrackedMessage;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.preferences.Preferences;

/**
 * What {@code /reset} does: clears a whole conversation except its preferences. First
 * the tracked garbage is collected (deleted from the chat once the reset is committed), then the
 * main slot's state and data (every feature namespace and the flow data live there) and the other
 * cleared destinies ({@link HistoryManager#DEFAULT_DESTINY} by default) are cleared. The
 * {@linkplain Preferences preferences} destiny and the engine's metadata
 * (recent update ids, the live message, session counters) are kept. Scenes' leave hooks do not
 * run. Everything happens in the update's unit of work.
 *
 * <p>Per-message conversations ({@link StorageKey#messageScope()}: a menu keyed per message) are
 * conversations of their own, each under its own lock, so a reset (the {@code /reset} command, the
 * admin endpoint's) does not clear them in its unit of work: it counts a reset of the chat's
 * conversation in the user's scope, and each of them
 * clears itself on its next update (see {@code PerMessageResets} in this package: no scan, no extra
 * round trip with the user scope preloaded).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class ConversationReset {

    private final List<String> destinies;

    /**
     * A reset that clears the main slot and the history.
     */
    public ConversationReset() {
        this(List.of(HistoryManager.DEFAULT_DESTINY));
    }

    /**
     * A reset that clears the main slot and the given destinies.
     *
     * @param destinies the destinies cleared besides the main slot
     */
    public ConversationReset(List<String> destinies) {
        this.destinies = List.copyOf(Objects.requireNonNull(destinies, "destinies must not be null"));
        if (this.destinies.contains(Preferences.DESTINY)) {
            throw new IllegalArgumentException("A reset never clears the preferences destiny");
        }
    }

    /**
     * Resets the conversation of a unit of work.
     *
     * @param tx the update's unit of work
     * @param garbage the garbage registry, or {@code null} when none is used
     */
    public void reset(FsmTransaction tx, @Nullable GarbageStateRegistry garbage) {
        Objects.requireNonNull(tx, "tx must not be null");
        FsmContext main = tx.context();
        if (garbage != null) {
            List<TrackedMessage> collected = garbage.collect(main);
            if (!collected.isEmpty()) {
                garbage.deleteAfterCommit(tx, collected);
            }
        }
        main.clear();
        for (String destiny : destinies) {
            if (!StorageKey.DEFAULT_DESTINY.equals(destiny)) {
                tx.context(destiny).clear();
            }
        }
        PerMessageResets.resetAll(tx);
    }
}
