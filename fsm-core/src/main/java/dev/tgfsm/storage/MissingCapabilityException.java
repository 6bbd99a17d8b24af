package dev.tgfsm.storage;

import java.util.Objects;

/**
 * Thrown when a feature needs an optional capability of the storage ({@link CounterStorage},
 * {@link PrivacyStorage}, …) that the backend does not have. The message names the capability, the
 * feature (with the property that switches it on) and the backend's class, behind any decorators.
 */
public class MissingCapabilityException extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    /** The capability that is missing. */
    private final Class<?> capability;

    /**
     * Creates the exception.
     *
     * @param capability the capability's interface
     * @param feature what needs it, with the property that switches it on
     * @param storage the storage that lacks it, possibly a decorator
     */
    public MissingCapabilityException(Class<?> capability, String feature, FsmStorage storage) {
        super(backend(storage).getName() + " does not implement " + capability.getSimpleName() + " ("
                + capability.getName() + "), which " + Objects.requireNonNull(feature, "feature must not be null")
                + " needs; implement " + capability.getSimpleName() + " in the backend, use a backend of tgfsm"
                + " (memory, Redis, JDBC) or switch the feature off");
        this.capability = capability;
    }

    /**
     * Returns the capability that is missing.
     *
     * @return its interface
     */
    public Class<?> capability() {
        return capability;
    }

    private static Class<?> backend(FsmStorage storage) {
        FsmStorage backend = Objects.requireNonNull(storage, "storage must not be null");
        while (backend instanceof ForwardingFsmStorage forwarding) {
            backend = forwarding.delegate();
        }
        return backend.getClass();
    }
}
