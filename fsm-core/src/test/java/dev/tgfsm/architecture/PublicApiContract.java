package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.tgfsm.Internal;

/**
 * A module's public API is a decision: every public top-level type is either in the module's
 * checked-in list or marked {@link Internal}. A test class of the module implements this with the
 * module's types ({@link PublicApi#ofModuleOf}) and its list; a new public type fails it until it
 * joins the list (it is API a bot or backend author may use) or carries {@code @Internal}, and a
 * listed type that is gone or now internal fails it until its line is removed.
 */
public interface PublicApiContract {

    /**
     * The module's public types that are not marked {@link Internal}.
     *
     * @return their fully qualified names
     */
    Set<String> api();

    /**
     * The class-path resource of the module's checked-in list, such as {@code public-api/fsm-core.txt}.
     *
     * @return the resource path
     */
    String list();

    @Test
    default void everyPublicTypeIsListedOrInternal() {
        Set<String> unlisted = new TreeSet<>(api());
        unlisted.removeAll(PublicApi.listed(list()));
        assertThat(unlisted).as("public types neither in %s nor marked @Internal", list()).isEmpty();
    }

    @Test
    default void everyListedTypeIsStillPublicApi() {
        Set<String> gone = new TreeSet<>(PublicApi.listed(list()));
        gone.removeAll(api());
        assertThat(gone).as("types in %s that are no longer public or are now @Internal: remove them", list())
                .isEmpty();
    }
}
