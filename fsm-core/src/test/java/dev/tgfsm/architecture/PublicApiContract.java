package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.tgfsm.Internal;

/**
 * A module's public API is a decision: every public top-level type is either in the module's
 * checked-in list or marked {@link Internal}. A test class of the module implements this with the
 * module's types ({@link PublicApi#ofModuleOf}) and its list; a new public type fails it until it
 * joins the list (it is API a bot or backend author may use) or carries {@code @Internal}, and a
 * listed type that is gone or now internal fails it until its line is removed. No public or protected
 * member of a listed type shows an internal type, nor a package-private or private type a user
 * cannot name ({@link ApiTypeLeaks}).
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

    /**
     * Leaks of {@link Internal} types through the API that the module accepts, each with the reason
     * it is right. A key is one line of {@link #noListedTypeShowsAnInternalType()}'s report, such as
     * {@code dev.tgfsm.Foo.bar parameter -> dev.tgfsm.Baz}. Empty unless a module overrides it.
     *
     * @return the accepted leaks and why
     */
    default Map<String, String> acceptedInternalTypeLeaks() {
        return Map.of();
    }

    /**
     * Builds entries of {@link #acceptedInternalTypeLeaks()}: leaks that share one reason.
     *
     * @param reason why these leaks are accepted, not blank
     * @param leaks the report lines
     * @return the entries
     */
    static Map<String, String> because(String reason, String... leaks) {
        Map<String, String> accepted = new TreeMap<>();
        for (String leak : leaks) {
            accepted.put(leak, reason);
        }
        return accepted;
    }

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

    @Test
    default void noListedTypeShowsAnInternalType() {
        Set<String> listed = new TreeSet<>(PublicApi.listed(list()));
        listed.retainAll(api());
        Set<String> leaks = new TreeSet<>(ApiTypeLeaks.internal(listed, getClass().getClassLoader()));
        assertThat(acceptedInternalTypeLeaks().values()).as("every accepted leak needs a reason")
                .allSatisfy(reason -> assertThat(reason).isNotBlank());
        assertThat(leaks).as("accepted leaks that no longer occur: remove them")
                .containsAll(acceptedInternalTypeLeaks().keySet());
        leaks.removeAll(acceptedInternalTypeLeaks().keySet());
        assertThat(leaks).as("public API members of the types in %s that show an @Internal type: make the type "
                + "API (remove @Internal, document and list it) or change the member to an API type", list())
                .isEmpty();
    }

    @Test
    default void noListedTypeShowsATypeItsUsersCannotName() {
        Set<String> listed = new TreeSet<>(PublicApi.listed(list()));
        listed.retainAll(api());
        assertThat(ApiTypeLeaks.unnameable(listed, getClass().getClassLoader()))
                .as("public or protected members of the types in %s that show a package-private or private type, "
                        + "which users cannot name: make the type public (document it, and list it or mark it "
                        + "@Internal) or make the member non-public or change its signature", list())
                .isEmpty();
    }
}
