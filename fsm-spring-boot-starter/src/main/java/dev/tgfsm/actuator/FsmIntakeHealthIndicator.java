package dev.tgfsm.actuator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.tgfsm.Internal;
import dev.tgfsm.telegram.BotIntake;
import dev.tgfsm.telegram.IntakeStatus;

/**
 * Reports whether every bot's intake reaches the Bot API: UP once each has succeeded; OUT_OF_SERVICE
 * while one has not tried yet; DOWN while one retries after a failure (the Bot API cannot be reached,
 * answers 5xx) or gave up (the token was refused). The details name each bot with its state, the
 * reason and the count of consecutive failures. Registered as {@code fsmIntake}.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FsmIntakeHealthIndicator extends AbstractHealthIndicator {

    private final List<BotIntake> intakes;

    /**
     * Creates the indicator.
     *
     * @param intakes the intakes reported
     */
    public FsmIntakeHealthIndicator(List<BotIntake> intakes) {
        super("tgfsm intake health check failed");
        this.intakes = List.copyOf(Objects.requireNonNull(intakes, "intakes must not be null"));
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Status overall = Status.UP;
        Map<String, Object> bots = new LinkedHashMap<>();
        for (BotIntake intake : intakes) {
            IntakeStatus status = intake.intakeStatus();
            Status each = switch (status.state()) {
                case UP -> Status.UP;
                case STARTING -> Status.OUT_OF_SERVICE;
                case RETRYING, FAILED -> Status.DOWN;
            };
            if (each == Status.DOWN || (each == Status.OUT_OF_SERVICE && overall == Status.UP)) {
                overall = each;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", status.state().name());
            if (status.reason() != null) {
                detail.put("reason", status.reason());
            }
            if (status.failures() > 0) {
                detail.put("failures", status.failures());
            }
            bots.put(status.bot(), detail);
        }
        builder.status(overall).withDetail("bots", bots);
    }
}
