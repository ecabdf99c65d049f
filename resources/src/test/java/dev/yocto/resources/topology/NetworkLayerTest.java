package dev.yocto.resources.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.resources.api.Desired;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.config.StackConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkLayerTest {

    @Test
    void subnetCidr_takesConsecutiveSlash24Blocks() {
        assertThat(NetworkLayer.subnetCidr("10.0.0.0/16", 0)).isEqualTo("10.0.0.0/24");
        assertThat(NetworkLayer.subnetCidr("10.0.0.0/16", 5)).isEqualTo("10.0.5.0/24");
        assertThat(NetworkLayer.subnetCidr("172.16.8.0/21", 5)).isEqualTo("172.16.13.0/24");
    }

    @Test
    void resources_twoNatGateways_oneRouteTablePerSubnet() {
        StackConfig config = ConfigLoader.parse("test", "", Optional.empty(), "us-west-2");

        assertThat(NetworkLayer.resources(config)).extracting(r -> r.address().value()).containsExactlyInAnyOrder(
                "network/vpc", "network/internet-gateway",
                "network/subnet/public-a", "network/subnet/public-b", "network/subnet/private-a",
                "network/subnet/private-b", "network/subnet/isolated-a", "network/subnet/isolated-b",
                "network/elastic-ip/nat-a", "network/elastic-ip/nat-b", "network/nat-gateway/a", "network/nat-gateway/b",
                "network/route-table/public-a", "network/route-table/public-b", "network/route-table/private-a",
                "network/route-table/private-b", "network/route-table/isolated-a", "network/route-table/isolated-b",
                "network/sg/alb", "network/sg/app", "network/sg/db");
    }

    @Test
    void resources_oneNatGateway_bothPrivateTablesUseIt() {
        StackConfig config = ConfigLoader.parse("test", "natGateways: 1", Optional.empty(), "us-west-2");

        assertThat(NetworkLayer.resources(config)).extracting(r -> r.address().value())
                .contains("network/nat-gateway/a").doesNotContain("network/nat-gateway/b", "network/elastic-ip/nat-b");
        Desired<?> privateB = NetworkLayer.resources(config).stream()
                .filter(r -> r.address().value().equals("network/route-table/private-b")).findFirst().orElseThrow();
        assertThat(privateB.dependencies()).extracting(a -> a.value()).contains("network/nat-gateway/a");
    }
}
