package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

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
class StarterPublicApiTests {

    static final String LIST = "public-api/fsm-spring-boot-starter.txt";

    private final Set<String> api = PublicApi.ofModuleOf(FsmAutoConfiguration.class, "dev.tgfsm");

    @Test
    void everyPublicTypeIsListedOrInternal() {
        Set<String> unlisted = new TreeSet<>(api);
        unlisted.removeAll(PublicApi.listed(LIST));
        assertThat(unlisted).as("public types neither in %s nor marked @Internal", LIST).isEmpty();
    }

    @Test
    void everyListedTypeIsStillPublicApi() {
        Set<String> gone = new TreeSet<>(PublicApi.listed(LIST));
        gone.removeAll(api);
        assertThat(gone).as("types in %s that are no longer public or are now @Internal: remove them", LIST)
                .isEmpty();
    }

    @Test
    void engineTypesAreNotPublicApi() {
        assertThat(api).doesNotContain(AnnotationRoutingHandler.class.getName(), JdbcBaselineSql.class.getName(),
                RedisBaselineScripts.class.getName());
    }
}
