package dev.yocto.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GraphTest {

    private static Address a(String value) {
        return Address.of("t/" + value);
    }

    private static final Map<Address, Set<Address>> DIAMOND = Map.of(
            a("vpc"), Set.of(),
            a("subnet-a"), Set.of(a("vpc")),
            a("subnet-b"), Set.of(a("vpc")),
            a("nat"), Set.of(a("subnet-a"), a("subnet-b")),
            a("eip"), Set.of());

    @Test
    void order_putsEveryNodeAfterItsDependencies() {
        List<Address> order = Graph.of(DIAMOND).order();

        assertThat(order).hasSize(5);
        DIAMOND.forEach((node, deps) -> deps.forEach(dep ->
                assertThat(order.indexOf(dep)).as(dep + " before " + node).isLessThan(order.indexOf(node))));
    }

    @Test
    void levels_groupIndependentNodesForParallelWork() {
        assertThat(Graph.of(DIAMOND).levels()).containsExactly(
                new TreeSet<>(Set.of(a("eip"), a("vpc"))),
                new TreeSet<>(Set.of(a("subnet-a"), a("subnet-b"))),
                new TreeSet<>(Set.of(a("nat"))));
    }

    @Test
    void reversed_turnsEveryEdgeRound() {
        Graph reversed = Graph.of(DIAMOND).reversed();

        assertThat(reversed.dependenciesOf(a("vpc"))).containsExactlyInAnyOrder(a("subnet-a"), a("subnet-b"));
        assertThat(reversed.levels().get(0)).containsExactlyInAnyOrder(a("eip"), a("nat"));
        assertThat(reversed.order().get(reversed.order().size() - 1)).isEqualTo(a("vpc"));
    }

    @Test
    void of_rejectsCycleAndNamesIt() {
        Map<Address, Set<Address>> cyclic = Map.of(
                a("x"), Set.of(a("y")), a("y"), Set.of(a("z")), a("z"), Set.of(a("x")), a("w"), Set.of());

        assertThatThrownBy(() -> Graph.of(cyclic))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("dependency cycle")
                .hasMessageContaining("t/x").hasMessageContaining("t/y").hasMessageContaining("t/z")
                .hasMessageNotContaining("t/w");
    }

    @Test
    void of_rejectsSelfDependency() {
        assertThatThrownBy(() -> Graph.of(Map.of(a("x"), Set.of(a("x")))))
                .isInstanceOf(GraphException.class).hasMessageContaining("t/x -> t/x");
    }

    @Test
    void of_rejectsUnknownDependenciesNamingEachOne() {
        Map<Address, Set<Address>> edges = Map.of(a("x"), Set.of(a("ghost")), a("y"), Set.of(a("phantom")));

        assertThatThrownBy(() -> Graph.of(edges))
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("t/x depends on unknown t/ghost")
                .hasMessageContaining("t/y depends on unknown t/phantom");
    }
}
