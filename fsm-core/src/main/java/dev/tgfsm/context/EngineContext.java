package dev.tgfsm.context;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;

/**
 * The engine's side of an {@link FsmContext}: its metadata (recent update ids, tracked messages,
 * deadlines, the flow call stack) and the versioned copies of history snapshots. Handlers see only
 * {@link FsmContext}; the engine reaches this side through {@link FsmTransaction#context()} or
 * {@link #of(FsmContext)}.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public interface EngineContext extends FsmContext {

    /**
     * The engine's side of a context that tgfsm made.
     *
     * @param context a context of a unit of work or a write-through context
     * @return the same context, as the engine sees it
     * @throws IllegalArgumentException if the context was not made by tgfsm
     */
    static EngineContext of(FsmContext context) {
        if (context instanceof EngineContext engine) {
            return engine;
        }
        throw new IllegalArgumentException("The engine needs a context made by tgfsm (a unit of work's or "
                + "FsmContexts.writeThrough), not " + context.getClass().getName());
    }

    @Override
    EngineContext destiny(String destiny);

    /**
     * Returns an entry of the engine's metadata (recent update ids, tracked messages, deadlines).
     * Not for handlers' own data.
     *
     * @param name the entry
     * @return its plain value, or {@code null}
     */
    @Nullable
    Object getMeta(String name);

    /**
     * Sets an entry of the engine's metadata; {@code null} removes it.
     *
     * @param name the entry
     * @param value a plain JSON value or {@code null}
     */
    void setMeta(String name, @Nullable Object value);

    /**
     * Returns a copy of data of this context, to keep elsewhere (a history snapshot), stamped with the
     * version of its form when the context's data is versioned ({@link ContextConfig#withDataVersions}),
     * so that {@link #upgradeCopy} can bring it to a later version's form after the migrations changed.
     *
     * <p>This default copies the data as it is: only the main slot of a unit of work is versioned.
     *
     * @param data the data, in the current version's form (as {@link #getData} returns it)
     * @return a new map
     */
    default Map<String, @Nullable Object> versionedCopy(Map<String, ?> data) {
        return new HashMap<>(data);
    }

    /**
     * Brings a copy taken with {@link #versionedCopy} to the current version's form, running the
     * migrations registered since it was taken; a copy without a version stamp counts as version 1,
     * as stored data does.
     *
     * <p>This default returns the copy as it is: only the main slot of a unit of work is versioned.
     *
     * @param copy the copy
     * @return the data in the current version's form, without the version stamp
     * @throws RuntimeException ({@code DataMigrationException}) if the copy is newer than this code
     *         knows, or a step failed
     */
    default Map<String, @Nullable Object> upgradeCopy(Map<String, ?> copy) {
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> same = (Map<String, @Nullable Object>) copy;
        return same;
    }
}
