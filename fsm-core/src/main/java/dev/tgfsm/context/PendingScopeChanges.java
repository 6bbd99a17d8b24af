package dev.tgfsm.context;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import dev.tgfsm.Internal;

/**
 * The scope changes a unit of work buffered ({@link FsmTransaction#pendingScopeChanges()}), kept
 * apart from it so that another unit of work can write them ({@link FsmTransaction#carry}): when a
 * commit failed with the storage not answering, its conversation's records may have been stored
 * (a frozen server runs the write when it resumes) while its scope changes, written after them,
 * were not. The one who later finds that commit applied writes them, once.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class PendingScopeChanges {

    private final Map<DataScope, ScopeChanges> changes;

    PendingScopeChanges(Map<DataScope, ScopeChanges> changes) {
        this.changes = changes;
    }

    /**
     * Returns the scopes with changes.
     *
     * @return the scopes
     */
    public Set<DataScope> scopes() {
        return changes.keySet();
    }

    Map<DataScope, ScopeChanges> changes() {
        return changes;
    }

    static PendingScopeChanges of(Map<DataScope, ScopedData> scopes) {
        Map<DataScope, ScopeChanges> copy = new EnumMap<>(DataScope.class);
        scopes.forEach((scope, data) -> {
            if (data.isDirty()) {
                copy.put(scope, data.changes());
            }
        });
        return new PendingScopeChanges(copy);
    }

    @Override
    public String toString() {
        return "PendingScopeChanges" + changes.keySet();
    }
}
