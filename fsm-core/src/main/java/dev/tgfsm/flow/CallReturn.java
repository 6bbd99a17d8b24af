package dev.tgfsm.flow;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * Resumes a caller that is not a flow (a scene, a handler's state) when a sub-flow it called returns.
 * By then the caller's state is restored and, on completion, the sub-flow's values are merged into
 * the data under the call's result field. The starter plugs in the scenes' back hook.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
@FunctionalInterface
public interface CallReturn {

    /**
     * Called inside the update's unit of work after the caller's state is restored.
     *
     * @param update the update that ended the sub-flow
     * @param frame the call that ended
     * @param result the sub-flow's values, or {@code null} when it was cancelled or left with {@code /back}
     * @throws Exception anything; the update's changes are then dropped
     */
    void resumed(UpdateContext update, CallFrame frame, @Nullable Map<String, Object> result) throws Exception;
}
