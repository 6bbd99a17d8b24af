package dev.tgfsm.storage;

/**
 * The fallbacks of {@link ThrottleStorage#of} and {@link DeadlineIndex#of} for a storage without
 * those capabilities: a plain forwarder, whose throttling and deadline index are kept in records
 * of the storage.
 */
final class DefaultCapabilities extends ForwardingFsmStorage {

    DefaultCapabilities(FsmStorage storage) {
        super(storage);
    }
}
