package dev.tgfsm.flow;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.StorageKey;

/**
 * Records the moves between plain states (the states a bot's handlers set, outside flows and
 * scenes) on the conversation's {@link HistoryManager}, so that {@code /back} goes back through them
 * as it does through a flow's steps and a bot's scenes. Attached to one unit of work by the
 * {@link FlowEngine} before the bot's handler runs; a move from a plain state snapshots that state
 * and the data as the update found it, a move to no state ends the conversation and clears the
 * history, and moves into or out of a flow or scene are left to those (they keep their own
 * history). The history slot is committed with the main record, in the same write.
 */
final class StateHistory implements StateChangeListener {

    private final FsmContext main;

    private final HistoryManager history;

    private final Predicate<@Nullable String> managed;

    private final Map<String, @Nullable Object> dataBefore;

    /**
     * Creates the listener for one unit of work.
     *
     * @param main the conversation's main slot
     * @param history its history
     * @param managed tells whether a state belongs to a flow or a scene
     */
    StateHistory(FsmContext main, HistoryManager history, Predicate<@Nullable String> managed) {
        this.main = Objects.requireNonNull(main, "main must not be null");
        this.history = Objects.requireNonNull(history, "history must not be null");
        this.managed = Objects.requireNonNull(managed, "managed must not be null");
        this.dataBefore = main.getData();
    }

    @Override
    public void stateChanging(StorageKey key, @Nullable String from, @Nullable String to) {
        if (!key.equals(main.key()) || Objects.equals(from, to) || managed.test(from) || managed.test(to)) {
            return;
        }
        if (to == null) {
            if (!history.all().isEmpty()) {
                history.clear();
            }
            return;
        }
        history.push(from, dataBefore);
    }
}
