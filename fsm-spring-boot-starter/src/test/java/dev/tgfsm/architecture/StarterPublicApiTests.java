package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.tgfsm.Internal;
import dev.tgfsm.annotation.AnnotationRoutingHandler;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.jdbc.JdbcBaselineSql;
import dev.tgfsm.redis.RedisBaselineScripts;

/**
 * The starter's public API is a decision: every public top-level type is either in the checked-in
 * {@value #LIST} or marked {@link Internal}. A new public type fails this test until it
 * joins the list or carries {@code @Internal}.
 */
class StarterPublicApiTests implements PublicApiContract {

    static final String LIST = "public-api/fsm-spring-boot-starter.txt";

    private final Set<String> api = PublicApi.ofModuleOf(FsmAutoConfiguration.class, "dev.tgfsm");

    /**
     * Engine types that listed types still show. Each group is open work of issue 19 (item 4): the
     * listed type needs an API face without the engine part, or the engine type has to become API.
     */
    private static final Map<String, String> ACCEPTED_LEAKS = new TreeMap<>();

    static {
        ACCEPTED_LEAKS.putAll(PublicApiContract.because("FsmMetrics is built by the auto-configuration and "
                + "reads the registry's count of deleted messages, which is not on the API face GarbageTracker. "
                + "Open: take the count as a supplier.",
                "dev.tgfsm.actuator.FsmMetrics.<init> parameter -> dev.tgfsm.garbage.GarbageStateRegistry"));
        ACCEPTED_LEAKS.putAll(PublicApiContract.because("BotFleet and BotWebhook are API for several bots and for "
                + "webhooks, but their constructors, the username look-up and the lifecycle base are the "
                + "starter's wiring of engine parts (restart notices, webhook registration, phased start). "
                + "Splitting the wiring out is open.",
                "dev.tgfsm.telegram.BotFleet$Member.<init> parameter -> dev.tgfsm.timeout.RestartNotifier",
                "dev.tgfsm.telegram.BotFleet$Member.notices returns -> dev.tgfsm.timeout.RestartNotifier",
                "dev.tgfsm.telegram.BotFleet.setUsernameLookup parameter -> dev.tgfsm.telegram.BotUsernameLookup",
                "dev.tgfsm.telegram.BotWebhook extends -> dev.tgfsm.lifecycle.PhasedLifecycle",
                "dev.tgfsm.telegram.BotWebhook.<init> parameter -> dev.tgfsm.telegram.WebhookRegistration",
                "dev.tgfsm.telegram.BotWebhook.registration returns -> dev.tgfsm.telegram.WebhookRegistration"));
    }

    @Override
    public Set<String> api() {
        return api;
    }

    @Override
    public String list() {
        return LIST;
    }

    @Override
    public Map<String, String> acceptedInternalTypeLeaks() {
        return ACCEPTED_LEAKS;
    }

    @Test
    void engineTypesAreNotPublicApi() {
        assertThat(api).doesNotContain(AnnotationRoutingHandler.class.getName(), JdbcBaselineSql.class.getName(),
                RedisBaselineScripts.class.getName());
    }
}
