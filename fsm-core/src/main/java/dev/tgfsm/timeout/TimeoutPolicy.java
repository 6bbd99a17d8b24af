package dev.tgfsm.timeout;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.scene.Scene;

/**
 * Decides the idle time of a state: the scene's own ({@code scene:<name>}), else the flow's own
 * ({@code <flow>:<node>}), else the longest matching {@linkplain TimeoutConfig#overrides() override},
 * else the global one. Zero means none. Immutable and thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class TimeoutPolicy {

    private final TimeoutConfig config;

    private final Map<String, Duration> flows = new LinkedHashMap<>();

    private final Map<String, Duration> scenes = new LinkedHashMap<>();

    /**
     * Creates a policy.
     *
     * @param config the global idle time and overrides
     * @param flows flows whose own idle time counts, possibly empty
     * @param scenes scenes whose own idle time counts, possibly empty
     */
    public TimeoutPolicy(TimeoutConfig config, Collection<Flow> flows, Collection<Scene> scenes) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        Objects.requireNonNull(flows, "flows must not be null").forEach(f -> {
            if (f.idleTimeout() != null) {
                this.flows.put(f.name(), f.idleTimeout());
            }
        });
        Objects.requireNonNull(scenes, "scenes must not be null").forEach(s -> {
            if (s.idleTimeout() != null) {
                this.scenes.put(s.name(), s.idleTimeout());
            }
        });
    }

    /**
     * A policy with only the global idle time and overrides.
     *
     * @param config the configuration
     * @return the policy
     */
    public static TimeoutPolicy of(TimeoutConfig config) {
        return new TimeoutPolicy(config, List.of(), List.of());
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public TimeoutConfig config() {
        return config;
    }

    /**
     * Tells whether any state can time out: a global idle time, an override, or a flow or scene with
     * its own idle time.
     *
     * @return {@code false} if no conversation is ever covered
     */
    public boolean coversAnything() {
        return (config.idle() != null && !config.idle().isZero())
                || config.overrides().values().stream().anyMatch(d -> !d.isZero())
                || flows.values().stream().anyMatch(d -> !d.isZero())
                || scenes.values().stream().anyMatch(d -> !d.isZero());
    }

    /**
     * Returns the idle time of a state.
     *
     * @param state the state id, or {@code null}
     * @return the idle time, or {@code null} if the state is not covered
     */
    public @Nullable Duration idleFor(@Nullable String state) {
        if (state == null) {
            return null;
        }
        Duration idle = null;
        if (state.startsWith(Scene.STATE_PREFIX)) {
            idle = scenes.get(state.substring(Scene.STATE_PREFIX.length()));
        }
        else if (state.indexOf(':') > 0) {
            idle = flows.get(state.substring(0, state.indexOf(':')));
        }
        if (idle == null) {
            String best = null;
            for (Map.Entry<String, Duration> e : config.overrides().entrySet()) {
                if (state.startsWith(e.getKey()) && (best == null || e.getKey().length() > best.length())) {
                    best = e.getKey();
                    idle = e.getValue();
                }
            }
        }
        if (idle == null) {
            idle = config.idle();
        }
        return idle == null || idle.isZero() ? null : idle;
    }
}
