package dev.tgfsm.autoconfigure;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.storage.FsmStorage;

/**
 * Wraps the storage that handlers and {@link FsmContexts} use, for example to
 * measure or trace its calls. Beans of this type are applied in their order; the storage bean itself
 * stays as it is.
 */
@FunctionalInterface
public interface FsmStorageDecorator {

    /**
     * Wraps a storage.
     *
     * @param storage the storage, possibly already wrapped
     * @return the wrapper, or the storage itself
     */
    FsmStorage decorate(FsmStorage storage);
}
