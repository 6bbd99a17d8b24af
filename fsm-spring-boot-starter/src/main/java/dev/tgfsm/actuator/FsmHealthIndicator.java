package dev.tgfsm.actuator;

import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.tgfsm.Internal;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageHealth;

/**
 * Reports the conversation storage as UP or DOWN, with the backend's name and the latency of the
 * check in the details (and the error when down). Registered as {@code fsm}.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FsmHealthIndicator extends AbstractHealthIndicator {

    private final FsmStorage storage;

    /**
     * Creates the indicator.
     *
     * @param storage the storage checked
     */
    public FsmHealthIndicator(FsmStorage storage) {
        super("tgfsm storage health check failed");
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        StorageHealth health = storage.health();
        (health.up() ? builder.up() : builder.down()).withDetail("backend", health.backend())
                .withDetail("latency", health.latency() == null ? null : health.latency().toMillis() + "ms");
        if (health.detail() != null) {
            builder.withDetail("detail", health.detail());
        }
    }
}
