package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * {@link ApiTypeLeaks} reports every place a public type shows a type its users cannot name, and only
 * those, so the public-API tests of each module ({@link PublicApiContract}) fail with the list.
 */
class ApiTypeLeaksTests {

    private static final String FIXTURE = ApiLeakFixture.class.getName();

    @Test
    void unnameableReportsEveryExposedPlaceOfAPackagePrivateOrPrivateType() {
        assertThat(ApiTypeLeaks.unnameable(Set.of(FIXTURE), getClass().getClassLoader())).containsExactly(
                FIXTURE + "$Extending extends -> " + FIXTURE + "$Hidden (package-private)",
                FIXTURE + "$Extending implements -> " + FIXTURE + "$Secret (private)",
                FIXTURE + "$Extending.compareTo parameter -> " + FIXTURE + "$Secret (private)",
                FIXTURE + ".<init> parameter -> " + FIXTURE + "$Hidden (package-private)",
                FIXTURE + ".<init> throws -> " + FIXTURE + "$HiddenException (package-private)",
                FIXTURE + ".bounded parameter -> " + FIXTURE + "$Hidden (package-private)",
                FIXTURE + ".bounded<T> -> " + FIXTURE + "$Hidden (package-private)",
                FIXTURE + ".field -> " + FIXTURE + "$Hidden (package-private)",
                FIXTURE + ".returnsArray returns -> " + FIXTURE + "$Secret (private)",
                FIXTURE + ".returnsList returns -> " + FIXTURE + "$Hidden (package-private)",
                FIXTURE + ".returnsWildcard returns -> " + FIXTURE + "$Hidden (package-private)");
    }

    @Test
    void internalIgnoresTypesThatAreOnlyUnnameable() {
        assertThat(ApiTypeLeaks.internal(Set.of(FIXTURE), getClass().getClassLoader())).isEmpty();
    }

    @Test
    void publicApiContractFailsWithTheListOfLeaks() {
        PublicApiContract leaking = new PublicApiContract() {

            @Override
            public Set<String> api() {
                return Set.of(FIXTURE);
            }

            @Override
            public String list() {
                return "public-api/api-leak-fixture.txt";
            }
        };
        leaking.everyPublicTypeIsListedOrInternal();
        leaking.noListedTypeShowsAnInternalType();
        assertThatThrownBy(leaking::noListedTypeShowsATypeItsUsersCannotName).isInstanceOf(AssertionError.class)
                .hasMessageContaining("which users cannot name")
                .hasMessageContaining(FIXTURE + ".field -> " + FIXTURE + "$Hidden (package-private)")
                .hasMessageContaining(FIXTURE + ".returnsArray returns -> " + FIXTURE + "$Secret (private)");
    }
}
