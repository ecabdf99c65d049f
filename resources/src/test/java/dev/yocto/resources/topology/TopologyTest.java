package dev.yocto.resources.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void withDependencies_addsTheLayersAChosenOneBuildsOn() {
        assertThat(Topology.withDependencies(EnumSet.of(Layer.NETWORK))).containsExactly(Layer.NETWORK);
        assertThat(Topology.withDependencies(EnumSet.of(Layer.DATA)))
                .containsExactlyInAnyOrder(Layer.DNS, Layer.NETWORK, Layer.DATA);
        assertThat(Topology.withDependencies(EnumSet.of(Layer.COMPUTE))).containsExactlyInAnyOrder(Layer.values());
    }

    @Test
    void withDependents_addsTheLayersBuiltOnAChosenOne_whatTearingItDownRemoves() {
        assertThat(Topology.withDependents(EnumSet.of(Layer.COMPUTE))).containsExactly(Layer.COMPUTE);
        assertThat(Topology.withDependents(EnumSet.of(Layer.DATA))).containsExactlyInAnyOrder(Layer.DATA, Layer.COMPUTE);
        assertThat(Topology.withDependents(EnumSet.of(Layer.NETWORK)))
                .containsExactlyInAnyOrder(Layer.NETWORK, Layer.DATA, Layer.COMPUTE);
        assertThat(Topology.withDependents(EnumSet.of(Layer.DNS)))
                .containsExactlyInAnyOrder(Layer.DNS, Layer.DATA, Layer.COMPUTE);
    }
}
