package dev.tgfsm.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;

/**
 * One entry of a conversation's {@link CallStack}: who called a sub-flow and where the caller
 * resumes when it returns.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 *
 * @param callee the flow that was called, or the state of the scene that was called ({@code scene:<name>})
 * @param caller the caller's state when it called: {@code <flow>:<node>} of a calling flow, a scene's
 *        state, any other state, or {@code null}
 * @param callerFlow the calling flow's name, or {@code null} when the caller is not a flow (a scene, a
 *        handler)
 * @param resume the calling flow's node to go to with the result, or {@code null} to complete the
 *        calling flow; unused when the caller is not a flow
 * @param back the calling flow's node the user answered last before the call ({@code /back} from the
 *        sub-flow's first node and {@code /cancel} return there), or {@code null} when the call was its
 *        first node
 * @param field where the caller receives the sub-flow's values, or {@code null} to drop them
 * @param steps how many scenes a called scene went on to inside the call ({@code SceneNavigator.goTo}): their
 *        snapshots lie on the scene history above the caller's, and {@code /back} walks through them
 *        before it returns to the caller; 0 for a flow and for the scene that was called
 */
@Internal
public record CallFrame(String callee, @Nullable String caller, @Nullable String callerFlow, @Nullable String resume,
        @Nullable String back, @Nullable String field, int steps) {

    /**
     * Validates the frame.
     *
     * @param callee the called flow, not {@code null}
     * @param caller the caller's state, or {@code null}
     * @param callerFlow the calling flow, or {@code null}
     * @param resume the node the calling flow resumes at, or {@code null}
     * @param back the calling flow's node before the call, or {@code null}
     * @param field the result field, or {@code null}
     * @param steps the scenes gone through inside the call, not negative
     */
    public CallFrame {
        Objects.requireNonNull(callee, "callee must not be null");
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative, was " + steps);
        }
    }

    /**
     * A frame of a call that has gone through no scene yet.
     *
     * @param callee the called flow, or the called scene's state
     * @param caller the caller's state, or {@code null}
     * @param callerFlow the calling flow, or {@code null}
     * @param resume the node the calling flow resumes at, or {@code null}
     * @param back the calling flow's node before the call, or {@code null}
     * @param field the result field, or {@code null}
     */
    public CallFrame(String callee, @Nullable String caller, @Nullable String callerFlow, @Nullable String resume,
            @Nullable String back, @Nullable String field) {
        this(callee, caller, callerFlow, resume, back, field, 0);
    }

    /**
     * The same call continued in another scene.
     *
     * @param scene the state of the scene the call is in now
     * @param stepsNow the scenes gone through inside the call to get there
     * @return the moved frame
     */
    public CallFrame movedTo(String scene, int stepsNow) {
        return new CallFrame(scene, caller, callerFlow, resume, back, field, stepsNow);
    }

    Map<String, Object> toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("callee", callee);
        putIfSet(plain, "caller", caller);
        putIfSet(plain, "callerFlow", callerFlow);
        putIfSet(plain, "resume", resume);
        putIfSet(plain, "back", back);
        putIfSet(plain, "field", field);
        if (steps > 0) {
            plain.put("steps", steps);
        }
        return plain;
    }

    static @Nullable CallFrame fromPlain(@Nullable Object raw) {
        if (!(raw instanceof Map<?, ?> map) || !(map.get("callee") instanceof String callee)) {
            return null;
        }
        int steps = map.get("steps") instanceof Number n ? Math.max(0, n.intValue()) : 0;
        return new CallFrame(callee, text(map.get("caller")), text(map.get("callerFlow")), text(map.get("resume")),
                text(map.get("back")), text(map.get("field")), steps);
    }

    private static void putIfSet(Map<String, Object> plain, String name, @Nullable String value) {
        if (value != null) {
            plain.put(name, value);
        }
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null ? null : value.toString();
    }
}
