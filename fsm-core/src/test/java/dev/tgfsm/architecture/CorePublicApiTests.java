package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmException;
import dev.tgfsm.Internal;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.isolation.KeyedSerialExecutor;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.storage.CountingFsmStorage;

/**
 * fsm-core's public API is a decision: every public top-level type is either in the checked-in
 * {@value #LIST} or marked {@link Internal}. A new public type fails this test until it
 * joins the list (it is API a bot or backend author may use) or carries {@code @Internal}.
 */
class CorePublicApiTests {

    static final String LIST = "public-api/fsm-core.txt";

    private final Set<String> api = PublicApi.ofModuleOf(FsmException.class, "dev.tgfsm");

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
        assertThat(api).doesNotContain(FsmTransaction.class.getName(), KeyedSerialExecutor.class.getName(),
                LeaseKeeper.class.getName(), CurrentUpdate.class.getName(), CountingFsmStorage.class.getName());
    }

    @Test
    void handlersCannotReachTheEngineMetadata() {
        assertThat(Arrays.stream(FsmContext.class.getMethods()).map(Method::getName))
                .doesNotContain("getMeta", "setMeta", "versionedCopy", "upgradeCopy");
        assertThat(Arrays.stream(UpdateContext.class.getMethods()).map(Method::getReturnType)
                .filter(type -> FsmContext.class.isAssignableFrom(type))).containsOnly(FsmContext.class);
    }
}
