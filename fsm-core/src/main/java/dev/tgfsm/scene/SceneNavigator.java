package dev.tgfsm.scene;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.CallFrame;
import dev.tgfsm.flow.CallStack;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.history.HistoryEntry;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.routing.BotCommand;

/**
 * The scenes of a bot and the operations that move a conversation between them, as aiogram's
 * {@code SceneWizard}: {@link #enter}, {@link #leave}, {@link #exit}, {@link #back},
 * {@link #retake} and {@link #goTo}.
 *
 * <p>As the pipeline's scenes step it gives an update to the handler of the scene the conversation
 * is in, answers the back command inside scenes ({@link BotCommand}: addressed to this bot), and
 * passes every other update on.
 * Moving from scene to scene pushes a snapshot of the state and data onto the
 * {@link HistoryManager} stack, in the same unit of work (and so the same atomic commit) as the move;
 * {@link #back} restores the previous scene exactly, and a scene that resets its data on entry does
 * not wipe what {@code back} restored. Preload {@link HistoryManager#DEFAULT_DESTINY} in the context
 * options so the history costs no extra round trip.
 */
public final class SceneNavigator {

    private static final Logger log = LoggerFactory.getLogger(SceneNavigator.class);

    private final Map<String, Scene> scenes = new LinkedHashMap<>();

    private final int historySize;

    private final @Nullable String backCommand;

    private volatile @Nullable String botUsername;

    private final SceneReturns returns = new SceneReturns(this);

    /**
     * Creates the scenes.
     *
     * @param scenes the scenes, with unique names
     * @param historySize how many snapshots {@code back} can go through
     * @param backCommand the command that goes back inside a scene (without slash), or {@code null}
     */
    public SceneNavigator(Collection<Scene> scenes, int historySize, @Nullable String backCommand) {
        for (Scene scene : scenes) {
            if (this.scenes.putIfAbsent(scene.name(), scene) != null) {
                throw new FsmConfigurationException("Two scenes are named '" + scene.name() + "'");
            }
        }
        if (historySize < 1) {
            throw new FsmConfigurationException("History size must be at least 1, was " + historySize);
        }
        this.historySize = historySize;
        this.backCommand = backCommand;
    }

    /**
     * Sets the bot's username, so that a back command addressed to another bot is not taken as
     * this bot's. Unset, commands addressed to any bot count. An update whose
     * dispatcher was told its bot's username ({@code UpdateDispatcher.setBotUsername}) uses that instead.
     *
     * @param username the username without {@code @}, or {@code null}
     */
    public void setBotUsername(@Nullable String username) {
        this.botUsername = BotCommand.username(username);
    }

    /**
     * Returns the scene the conversation is in.
     *
     * @param context the conversation
     * @return the scene, or {@code null}
     */
    public @Nullable Scene current(FsmContext context) {
        String state = context.getState();
        if (state == null || !state.startsWith(Scene.STATE_PREFIX)) {
            return null;
        }
        return scenes.get(state.substring(Scene.STATE_PREFIX.length()));
    }

    /**
     * Returns the history stack of the conversation.
     *
     * @param context the conversation
     * @return the history
     */
    public HistoryManager history(FsmContext context) {
        return new HistoryManager(context, HistoryManager.DEFAULT_DESTINY, historySize);
    }

    /**
     * Runs this step of the {@link UpdatePipeline} (plugged in as {@code scenes::handle}).
     *
     * @param update the update
     * @param next the rest of the pipeline
     * @throws Exception what the rest of the pipeline threw
     */
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        if (!update.hasConversation()) {
            next.handle(update);
            return;
        }
        Scene scene = current(update.context());
        if (scene == null) {
            next.handle(update);
            return;
        }
        if (BotCommand.of(update.update()).filter(c -> c.is(backCommand, update.botUsername(botUsername)))
                .isPresent()) {
            back(update);
            return;
        }
        scene.handler().handle(update);
    }

    /**
     * Enters a scene: snapshots the current scene onto the history and runs its leave hook, then
     * sets the new scene's state, clears the history and the data if the scene asks for it, merges the
     * initial data and runs its enter hook.
     *
     * <p>From a scene that was {@linkplain #call called}, the call continues in the entered scene (a
     * called sub-conversation may span scenes): the call's frame moves to it, one step further, and
     * the scene left is snapshotted as anywhere else. So {@link #back} from there returns to the
     * scene left, still inside the call, and from the scene that was called to the caller;
     * {@link #finish} returns the result to the caller, and {@link #leave}, {@link #exit} and
     * {@code /cancel} return to the caller without one, dropping the call's snapshots from the
     * history. No call is left behind.
     *
     * @param update the update being handled
     * @param name the scene
     * @param initial data to merge on entry
     * @throws Exception what a hook threw
     */
    public void enter(UpdateContext update, String name, Map<String, ?> initial) throws Exception {
        Scene target = scene(name);
        FsmContext context = update.context();
        Scene from = current(context);
        CallFrame call = from != null ? SceneReturns.calledFrame(context) : null;
        if (call != null) {
            // the call continues in the target, one step further: the way back leads through the scene left
            SceneReturns.move(context,
                    call.movedTo(target.state(), target.resetHistoryOnEnter() ? 0 : call.steps() + 1));
        }
        if (from != null) {
            if (!target.resetHistoryOnEnter()) {
                history(context).snapshot();
            }
            run(from.onLeave(), update);
        }
        if (target.resetHistoryOnEnter()) {
            history(context).clear();
        }
        context.setState(target.state());
        if (target.resetDataOnEnter()) {
            context.setData(Map.of());
        }
        if (!initial.isEmpty()) {
            context.updateData(initial);
        }
        log.debug("{} entered scene '{}'", context.key(), name);
        run(target.onEnter(), update);
    }

    /**
     * Same as {@link #enter}: moves to another scene, keeping the way back (inside a
     * {@linkplain #call called} scene, the call continues in the new scene, and the way back leads
     * through the scene left to the caller).
     *
     * @param update the update being handled
     * @param name the scene
     * @param initial data to merge on entry
     * @throws Exception what a hook threw
     */
    public void goTo(UpdateContext update, String name, Map<String, ?> initial) throws Exception {
        enter(update, name, initial);
    }

    /**
     * Enters the current scene again (its enter hook runs again; {@code back} returns to the state
     * before).
     *
     * @param update the update being handled
     * @throws Exception what a hook threw
     */
    public void retake(UpdateContext update) throws Exception {
        Scene scene = current(update.context());
        if (scene == null) {
            throw new FsmException("Cannot retake: conversation " + update.key() + " is in no scene");
        }
        enter(update, scene.name(), Map.of());
    }

    /**
     * Leaves the current scene without entering another: snapshots it (so {@code back} can return),
     * runs its leave hook and clears the state; the data stays. A {@linkplain #call called} scene
     * (by a scene, a handler or a flow's call node) ends its call instead: its leave hook runs and
     * the conversation returns to the caller without a result, as {@link #back} does (a calling
     * flow goes back to its node before the call), so no call is left behind.
     *
     * @param update the update being handled
     * @throws Exception what a hook threw
     */
    public void leave(UpdateContext update) throws Exception {
        FsmContext context = update.context();
        Scene scene = current(context);
        if (scene == null) {
            return;
        }
        if (SceneReturns.calledFrame(context) != null) {
            run(scene.onLeave(), update);
            returns.returnToCaller(update, null);
            return;
        }
        history(context).snapshot();
        run(scene.onLeave(), update);
        context.setState((String) null);
    }

    /**
     * Exits all scenes: runs the exit hook, clears the history and the state; the data stays. A
     * {@linkplain #call called} scene ends its call instead: its exit hook runs and the conversation
     * returns to the caller without a result, as {@link #back} does (a calling flow goes back to its
     * node before the call), so no call is left behind.
     *
     * @param update the update being handled
     * @throws Exception what a hook threw
     */
    public void exit(UpdateContext update) throws Exception {
        FsmContext context = update.context();
        Scene scene = current(context);
        if (scene != null && SceneReturns.calledFrame(context) != null) {
            run(scene.onExit(), update);
            returns.returnToCaller(update, null);
            return;
        }
        if (scene != null) {
            run(scene.onExit(), update);
        }
        history(context).clear();
        context.setState((String) null);
    }

    /**
     * Goes back: runs the current scene's leave hook, restores the state and data of the last
     * snapshot and runs that scene's back hook (or its enter hook), without resetting the restored
     * data. With an empty history the conversation leaves all scenes with empty data. Inside a
     * {@linkplain #call call} it goes back through the scenes the call went to ({@link #goTo}), the
     * call moving with it, and from the scene that was called it returns to the caller without a
     * result.
     *
     * @param update the update being handled
     * @return the scene returned to, or {@code null}
     * @throws Exception what a hook threw
     */
    public @Nullable Scene back(UpdateContext update) throws Exception {
        FsmContext context = update.context();
        CallFrame call = SceneReturns.calledFrame(context);
        HistoryManager history = history(context);
        if (call == null || call.steps() == 0 || history.get() == null) {
            return returns.endScene(update, null);
        }
        Scene from = current(context);
        run(from != null ? from.onLeave() : null, update);
        HistoryEntry previous = history.pop();
        SceneReturns.move(context, call.movedTo(previous.state(), call.steps() - 1));
        return returns.restore(update, previous);
    }

    /**
     * Calls a scene and expects a result (a sub-scene): enters it as {@link #enter} does and records
     * the call on the conversation's {@link CallStack}. The called scene hands its result back with
     * {@link #finish}; {@link #back} from it returns without a result. Either way the caller is
     * restored from the history and its back hook (or enter hook) runs; the result is merged into the
     * data under {@code field}.
     *
     * @param update the update being handled
     * @param name the called scene
     * @param field where the result goes, or {@code null} to drop it
     * @param initial data to merge on entry
     * @throws Exception what a hook threw
     */
    public void call(UpdateContext update, String name, @Nullable String field, Map<String, ?> initial)
            throws Exception {
        Scene target = scene(name);
        FsmContext context = update.context();
        new CallStack(context).push(new CallFrame(target.state(), context.getState(), null, null, null, field));
        enter(update, name, initial);
    }

    /**
     * Lets the flows' call nodes call these scenes ({@code Flow.Builder.callScene}): the flow engine
     * enters a scene for a call node, and when the scene {@linkplain #finish finishes} (or is left
     * with the back command or {@code /cancel}) the calling flow resumes with the result; and a flow
     * that a scene {@linkplain #call called} resumes the scene when it returns ({@link #resume}). The
     * starter connects them; checks that every scene a call node names exists.
     *
     * @param engine the flow engine
     * @throws dev.tgfsm.FsmConfigurationException naming a call node whose scene does not exist
     */
    public void callableFrom(FlowEngine engine) {
        returns.connect(engine, scenes::containsKey);
    }

    /**
     * Ends the scene the conversation is in, when it was {@linkplain #call called} (or the call went
     * on to it), with a result: returns to the caller (as {@link #back} from the called scene does),
     * merges the result under the call's field and runs the caller's back hook (or its enter hook).
     *
     * @param update the update being handled
     * @param result the result
     * @return the caller scene, or {@code null} when the caller was not a scene
     * @throws FsmException if the current scene was not called
     * @throws Exception what a hook threw
     */
    public @Nullable Scene finish(UpdateContext update, Map<String, ?> result) throws Exception {
        FsmContext context = update.context();
        CallFrame frame = new CallStack(context).peek();
        if (frame == null || !frame.callee().equals(context.getState())) {
            throw new FsmException("Cannot finish: conversation " + update.key() + " is in '" + context.getState()
                    + "', which no one called with Scenes.call");
        }
        return returns.endScene(update, result);
    }

    /**
     * Resumes the scene the conversation is in after something it handed the conversation to (a
     * sub-flow it called) returned: runs the scene's back hook, or its enter hook when it has none.
     * Plugged into the flow engine as its call-return hook, so a scene that calls a flow gets the
     * flow's result (in the data under the call's field) in that hook.
     *
     * @param update the update being handled
     * @return the scene resumed, or {@code null} when the conversation is in no scene
     * @throws Exception what the hook threw
     */
    public @Nullable Scene resume(UpdateContext update) throws Exception {
        Scene scene = current(update.context());
        if (scene != null) {
            run(scene.onBack() != null ? scene.onBack() : scene.onEnter(), update);
        }
        return scene;
    }

    /**
     * Checks that a scene exists, for names declared ahead of time (after-actions, configuration).
     *
     * @param name the scene's name
     * @param where what names it, for the message
     * @throws FsmConfigurationException naming the unknown scene, where it was named and the known scenes
     */
    public void requireScene(String name, String where) {
        if (!scenes.containsKey(name)) {
            throw new FsmConfigurationException(
                    where + " names scene '" + name + "', which does not exist; known scenes: "
                            + scenes.keySet(),
                    "Declare a scene named '" + name + "' or fix the name.");
        }
    }

    /**
     * Renders the scenes as a Mermaid {@code flowchart}: one node per scene, with the hooks it has.
     * Moves between scenes are made by handlers at run time, so they are not drawn.
     *
     * @return the diagram source
     */
    public String toMermaid() {
        return SceneDiagram.mermaid(scenes.values());
    }

    /**
     * Returns the scenes by name.
     *
     * @return the scenes
     */
    public Map<String, Scene> scenes() {
        return Map.copyOf(scenes);
    }

    private Scene scene(String name) {
        Scene scene = scenes.get(name);
        if (scene == null) {
            throw new FsmException("No scene named '" + name + "'; known scenes: " + scenes.keySet());
        }
        return scene;
    }

    /** Runs a scene's hook, if it has one. */
    void run(@Nullable SceneHook hook, UpdateContext update) throws Exception {
        if (hook != null) {
            hook.run(update, this);
        }
    }
}
