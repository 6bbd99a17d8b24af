package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tgfsm.Internal;
import dev.tgfsm.annotation.AnnotationRoutingHandler;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.jdbc.JdbcBaselineSql;
import dev.tgfsm.redis.RedisBaselineScripts;

/**
 * The starter's public API is a decision: every public top-level type is either in the checked-in
 * {@value #LIST} or marked {@link Internal}. A new public type fails this test until it
 * joins the list or carries {@code @Internal}. No API member shows an {@code @Internal} type: the
 * starter accepts no leak. No API member shows a package-private or private type either.
 */
class StarterPublicApiTests implements PublicApiContract {

    static final String LIST = "public-api/fsm-spring-boot-starter.txt";

    private final Set<String> api = PublicApi.ofModuleOf(FsmAutoConfiguration.class, "dev.tgfsm");

    @Override
    public Set<String> api() {
        return api;
    }

    @Override
    public String list() {
        return LIST;
    }

    @Test
    void engineTypesAreNotPublicApi() {
        assertThat(api).doesNotContain(AnnotationRoutingHandler.class.getName(), JdbcBaselineSql.class.getName(),
                RedisBaselineScripts.class.getName());
    }
}
