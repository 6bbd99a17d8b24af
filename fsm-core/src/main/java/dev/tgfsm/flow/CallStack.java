package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.scene.SceneNavigator;

/**
 * The flows a conversation has called and not yet returned from, innermost last: the
 * {@link FlowEngine}'s sub-flow mechanism (a flow node {@link FlowNode.Call}, or
 * {@link FlowEngine#call} from a scene or handler) and the scenes called with
 * {@link SceneNavigator#call} or by a flow's call node ({@link Flow.Builder#callScene}; their
 * callee is the scene's state, {@code scene:<name>}). Kept in the record's engine metadata under
 * {@value #META}, so it is committed with the state in the same atomic write, survives restarts like
 * the state does, and is untouched by handlers that clear or replace the data. A record without the
 * entry (every record written before sub-flows existed) has an empty stack.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class CallStack {

    /** The metadata entry holding the frames. */
    public static final String META = "calls";

    private final FsmContext context;

    /**
     * A view of a conversation's stack.
     *
     * @param context the conversation
     */
    public CallStack(FsmContext context) {
        this.context = Objects.requireNonNull(context, "context must not be null");
    }

    /**
     * Returns the frames, outermost first.
     *
     * @return the frames; unreadable entries are skipped
     */
    public List<CallFrame> frames() {
        List<CallFrame> frames = new ArrayList<>();
        if (EngineContext.of(context).getMeta(META) instanceof List<?> list) {
            for (Object raw : list) {
                CallFrame frame = CallFrame.fromPlain(raw);
                if (frame != null) {
                    frames.add(frame);
                }
            }
        }
        return frames;
    }

    /**
     * Returns the innermost frame.
     *
     * @return the frame, or {@code null} when no sub-flow is running
     */
    public @Nullable CallFrame peek() {
        List<CallFrame> frames = frames();
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    /**
     * Returns how many sub-flows are running.
     *
     * @return the depth, 0 when none
     */
    public int depth() {
        return frames().size();
    }

    /**
     * Pushes a frame.
     *
     * @param frame the call
     */
    public void push(CallFrame frame) {
        List<CallFrame> frames = frames();
        frames.add(frame);
        write(frames);
    }

    /**
     * Removes the innermost frame.
     *
     * @return the frame, or {@code null} when there was none
     */
    public @Nullable CallFrame pop() {
        List<CallFrame> frames = frames();
        if (frames.isEmpty()) {
            return null;
        }
        CallFrame top = frames.remove(frames.size() - 1);
        write(frames);
        return top;
    }

    /**
     * Ends the innermost call if the conversation is leaving its callee: the one operation by which
     * a called flow or scene leaves its frame, whether it completed, went back, was cancelled, gave
     * up after too many invalid answers, or (a scene) was left or exited. A frame of another callee
     * stays: the conversation is not leaving a call.
     *
     * @param callee the flow's name, or the scene's state ({@code scene:<name>}), that is being left
     * @return the frame that ended, or {@code null} when the innermost call is not of {@code callee}
     */
    public @Nullable CallFrame leave(@Nullable String callee) {
        CallFrame top = peek();
        if (top == null || !top.callee().equals(callee)) {
            return null;
        }
        return pop();
    }

    /**
     * Removes every frame.
     */
    public void clear() {
        if (EngineContext.of(context).getMeta(META) != null) {
            EngineContext.of(context).setMeta(META, null);
        }
    }

    private void write(List<CallFrame> frames) {
        EngineContext.of(context).setMeta(META,
                frames.isEmpty() ? null : frames.stream().map(CallFrame::toPlain).toList());
    }
}
