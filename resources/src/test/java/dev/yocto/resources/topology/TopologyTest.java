package dev.yocto.resources.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.topology.NetworkLayer.Tier;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * Issue 11: tasks in the private subnets reach ECR and Secrets Manager only through their route
     * tables and NAT gateways, so the service must start after them (before, it depended on the
     * subnets only, and a scheduler free to start it early would have started tasks with no way out);
     * an internet-facing load balancer is refused in a VPC without an attached internet gateway.
     */
    @Test
    void theServiceWaitsForThePrivateSubnetsWayOut_theLoadBalancerForTheInternetGateway() {
        for (int nats : new int[] {1, 2}) {
            StackConfig config = ConfigLoader.parse("test", "stack: topo\nnatGateways: " + nats, Optional.empty(),
                    "us-west-2");
            List<Desired<?>> compute = ComputeLayer.resources(config, Map.of());

            assertThat(dependencies(compute, ComputeLayer.SERVICE)).as(nats + " NAT gateways").contains(
                    NetworkLayer.routeTable(Tier.PRIVATE, 0), NetworkLayer.routeTable(Tier.PRIVATE, 1),
                    NetworkLayer.natGateway(0), NetworkLayer.natGateway(nats - 1),
                    NetworkLayer.subnet(Tier.PRIVATE, 0), NetworkLayer.subnet(Tier.PRIVATE, 1));
            assertThat(dependencies(compute, ComputeLayer.LOAD_BALANCER)).contains(NetworkLayer.INTERNET_GATEWAY);
            assertThat(NetworkLayer.resources(config)).extracting(Desired::address)
                    .contains(NetworkLayer.routeTable(Tier.PRIVATE, 1), NetworkLayer.natGateway(nats - 1));
        }
    }

    private static Set<Address> dependencies(List<Desired<?>> resources, Address address) {
        return resources.stream().filter(d -> d.address().equals(address)).findFirst().orElseThrow().dependencies();
    }
}
