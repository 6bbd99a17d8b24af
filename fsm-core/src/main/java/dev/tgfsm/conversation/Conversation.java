package dev.tgfsm.conversation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.ConversationWork;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.ConversationReset;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.state.FsmState;

/**
 * One user's conversation, driven from outside an update. Each operation is queued behind the
 * updates of the conversation already accepted, and its later updates wait for it; it runs in a unit
 * of work under the conversation's cross-instance lock, commits once, and the messages it produces
 * (a flow's prompt) are sent after that commit, through the outbox, never before.
 *
 * <p>Every operation returns a future that completes after the commit, or exceptionally with
 * nothing applied: an {@link FsmException} for an unknown flow, node or scene, the storage's
 * exception when it is unavailable. A call never waits out a storage outage: it fails within the
 * storage's command timeout, or, when it has not started yet, as soon as an update finds the storage
 * unavailable. When the storage stops answering in the middle of the commit (a frozen server may still run
 * it later), the call waits at most the lock wait to find out: applied, it succeeds; not applied, it
 * is fenced off for good and the call fails; still no answer, the exception says that the outcome
 * is unknown (see {@link UpdateDispatcher#submitWork}). Handles are cheap; get one from
 * {@link Conversations#of}.
 */
public final class Conversation {

    private final UpdateDispatcher dispatcher;

    private final UpdateIdentity identity;

    private final Supplier<@Nullable FlowEngine> flows;

    private final Supplier<@Nullable SceneNavigator> scenes;

    Conversation(UpdateDispatcher dispatcher, UpdateIdentity identity, Supplier<@Nullable FlowEngine> flows,
            Supplier<@Nullable SceneNavigator> scenes) {
        this.dispatcher = dispatcher;
        this.identity = identity;
        this.flows = flows;
        this.scenes = scenes;
    }

    /**
     * Returns who the conversation is with.
     *
     * @return the chat and user
     */
    public UpdateIdentity identity() {
        return identity;
    }

    /**
     * Returns the id of the bot whose conversation this is.
     *
     * @return the bot id
     */
    public long botId() {
        return dispatcher.botId();
    }

    /**
     * Runs any work on the conversation in its turn and unit of work: the way to call
     * {@code FlowEngine}, {@code SceneNavigator} or a {@code Messenger} with the conversation's context. The
     * work may run again when another writer got in first (see {@link ConversationWork}).
     *
     * @param work the work
     * @param <T> the result type
     * @return completes with the work's result after the commit
     */
    public <T> CompletableFuture<T> run(ConversationWork<T> work) {
        return dispatcher.submitWork(identity, Objects.requireNonNull(work, "work must not be null"));
    }

    /**
     * Starts a flow, leaving any flow the user was in, and sends its first prompt after the commit.
     *
     * @param flow the flow's name
     * @param initial values the flow starts with
     * @return completes after the commit
     */
    public CompletableFuture<Void> startFlow(String flow, Map<String, ?> initial) {
        Objects.requireNonNull(flow, "flow must not be null");
        Map<String, ?> values = copy(initial);
        return apply(c -> flows().start(c, flow, values));
    }

    /**
     * Starts a flow with no initial values.
     *
     * @param flow the flow's name
     * @return completes after the commit
     */
    public CompletableFuture<Void> startFlow(String flow) {
        return startFlow(flow, Map.of());
    }

    /**
     * Moves the running flow to one of its nodes and sends that node's prompt after the commit.
     *
     * @param node the node of the flow the user is in
     * @return completes after the commit; fails if the user is in no flow or it has no such node
     */
    public CompletableFuture<Void> moveFlow(String node) {
        Objects.requireNonNull(node, "node must not be null");
        return apply(c -> flows().moveTo(c, node));
    }

    /**
     * Leaves the running flow (if any), clears the state and tells the user.
     *
     * @param message what to tell the user
     * @return completes after the commit
     */
    public CompletableFuture<Void> cancelFlow(String message) {
        Objects.requireNonNull(message, "message must not be null");
        return apply(c -> flows().cancel(c, message));
    }

    /**
     * Enters a scene, with its history and hooks, as {@code SceneNavigator.enter} does in a handler.
     *
     * @param scene the scene's name
     * @param initial data merged on entry
     * @return completes after the commit
     */
    public CompletableFuture<Void> enterScene(String scene, Map<String, ?> initial) {
        Objects.requireNonNull(scene, "scene must not be null");
        Map<String, ?> values = copy(initial);
        return apply(c -> scenes().enter(c, scene, values));
    }

    /**
     * Enters a scene with no initial data.
     *
     * @param scene the scene's name
     * @return completes after the commit
     */
    public CompletableFuture<Void> enterScene(String scene) {
        return enterScene(scene, Map.of());
    }

    /**
     * Exits the scene the user is in, running its exit hook, as {@code SceneNavigator.exit} does.
     *
     * @return completes after the commit
     */
    public CompletableFuture<Void> exitScene() {
        return apply(c -> scenes().exit(c));
    }

    /**
     * Sets the state.
     *
     * @param state the state id, or {@code null} for none
     * @return completes after the commit
     */
    public CompletableFuture<Void> setState(@Nullable String state) {
        return apply(c -> c.context().setState(state));
    }

    /**
     * Sets the state.
     *
     * @param state the state, or {@code null} for none
     * @return completes after the commit
     */
    public CompletableFuture<Void> setState(@Nullable FsmState state) {
        return setState(FsmState.idOf(state));
    }

    /**
     * Merges values into the data.
     *
     * @param values the values
     * @return completes after the commit
     */
    public CompletableFuture<Void> updateData(Map<String, ?> values) {
        Map<String, ?> patch = copy(values);
        return apply(c -> c.context().updateData(patch));
    }

    /**
     * Clears the state and the data of the main slot. The user's per-message conversations in this
     * chat (menus keyed per message) clear themselves on their next update, as after {@code /reset}
     * (see {@link ConversationReset}).
     *
     * @return completes after the commit
     */
    public CompletableFuture<Void> clear() {
        return apply(c -> new ConversationReset(List.of()).reset(FsmTransactions.of(c.transaction()), null));
    }

    /**
     * Reads the state in the conversation's turn (after the updates accepted before).
     *
     * @return completes with the state id, or {@code null} for none
     */
    public CompletableFuture<@Nullable String> state() {
        return run(c -> c.context().getState());
    }

    private CompletableFuture<Void> apply(Step step) {
        return run(c -> {
            step.apply(c);
            return null;
        });
    }

    /** A copy of the caller's map, taken now (the work runs later), that keeps {@code null} values. */
    private static Map<String, ?> copy(Map<String, ?> values) {
        return Collections
                .unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values must not be null")));
    }

    private FlowEngine flows() {
        FlowEngine engine = flows.get();
        if (engine == null) {
            throw new FsmException("This bot has no flows (no FlowEngine was given to its Conversations)");
        }
        return engine;
    }

    private SceneNavigator scenes() {
        SceneNavigator all = scenes.get();
        if (all == null) {
            throw new FsmException("This bot has no scenes (no SceneNavigator was given to its Conversations)");
        }
        return all;
    }

    /** A change made in the conversation's unit of work. */
    @FunctionalInterface
    private interface Step {

        void apply(UpdateContext conversation) throws Exception;
    }
}
