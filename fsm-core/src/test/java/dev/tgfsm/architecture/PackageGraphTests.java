package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PackageGraphTests {

    private static ClassReferences type(String name, String... referenced) {
        return new ClassReferences(name, Set.of(referenced));
    }

    private final PackageGraph graph = PackageGraph.of(List.of(
            type("a/One", "b/Two", "java/lang/String"),
            type("b/Two", "c/Three$Inner"),
            type("c/Three$Inner", "a/One"),
            type("d/Four", "a/One", "other/Module"),
            type("e/Five", "e/Six")));

    @Test
    void packagesAreThoseHoldingAClass() {
        assertThat(graph.packages()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void dependenciesOutsideTheClassesAndInsideOnePackageAreLeftOut() {
        assertThat(graph.usedBy("a")).containsExactly("b");
        assertThat(graph.usedBy("d")).containsExactly("a");
        assertThat(graph.usedBy("e")).isEmpty();
    }

    @Test
    void aCycleIsReportedWithEachDependencyAndTheClassesMakingIt() {
        assertThat(graph.cycles()).containsExactly("""
                cycle among [a, b, c]:
                  a -> b (a.One)
                  b -> c (b.Two)
                  c -> a (c.Three$Inner)""");
    }

    @Test
    void leavingOutOneDependencyOfACycleBreaksIt() {
        assertThat(graph.without(Set.of("c -> a")).cycles()).isEmpty();
        assertThat(graph.without(Set.of("d -> a")).cycles()).hasSize(1);
    }

    @Test
    void twoCyclesAreReportedApart() {
        PackageGraph two = PackageGraph.of(List.of(type("a/X", "b/X"), type("b/X", "a/X"),
                type("c/X", "d/X"), type("d/X", "c/X", "a/X")));

        assertThat(two.cycles()).hasSize(2).anySatisfy(c -> assertThat(c).startsWith("cycle among [a, b]"))
                .anySatisfy(c -> assertThat(c).startsWith("cycle among [c, d]"));
    }
}
