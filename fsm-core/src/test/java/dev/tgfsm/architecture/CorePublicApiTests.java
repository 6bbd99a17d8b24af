package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmException;
import dev.tgfsm.Internal;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.DispatcherHooks;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.flow.FlowWiring;
import dev.tgfsm.isolation.KeyedSerialExecutor;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.storage.CountingFsmStorage;

/**
 * fsm-core's public API is a decision: every public top-level type is either in the checked-in
 * {@value #LIST} or marked {@link Internal}. A new public type fails this test until it
 * joins the list (it is API a bot or backend author may use) or carries {@code @Internal}. No API
 * member shows an {@code @Internal} type: the engine's side of an API type is reached through an
 * internal companion ({@code FsmTransactions}, {@code FlowWiring}, {@code DispatcherHooks}), and
 * fsm-core accepts no leak. No API member shows a package-private or private type either.
 */
class CorePublicApiTests implements PublicApiContract {

    static final String LIST = "public-api/fsm-core.txt";

    private final Set<String> api = PublicApi.ofModuleOf(FsmException.class, "dev.tgfsm");

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
        assertThat(api).doesNotContain(FsmTransaction.class.getName(), KeyedSerialExecutor.class.getName(),
                LeaseKeeper.class.getName(), CurrentUpdate.class.getName(), CountingFsmStorage.class.getName(),
                FsmTransactions.class.getName(), FlowWiring.class.getName(), DispatcherHooks.class.getName());
    }

    @Test
    void handlersCannotReachTheEngineMetadata() {
        assertThat(Arrays.stream(FsmContext.class.getMethods()).map(Method::getName))
                .doesNotContain("getMeta", "setMeta", "versionedCopy", "upgradeCopy");
        assertThat(Arrays.stream(UpdateContext.class.getMethods()).map(Method::getReturnType)
                .filter(type -> FsmContext.class.isAssignableFrom(type))).containsOnly(FsmContext.class);
    }
}
