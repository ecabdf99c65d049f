package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * What the configuration no longer wants is deleted: NAT gateways 2 → 1 → 2 from the CLI, and a
 * resource tagged with the stack that no version of the topology knows. Assertions read EC2.
 */
@ExtendWith(EmulatorExtension.class)
class OrphanTest {

    @TempDir
    Path dir;

    @Test
    void natGateways_twoToOneAndBack_deletesAndRecreatesTheSecondWithItsAddressAndRoute(AwsEmulator emulator)
            throws Exception {
        Cli cli = new Cli(emulator, dir, "orphannat");
        assertThat(cli.run("provision").exitCode()).isZero();
        try (Ec2View view = new Ec2View(emulator, "orphannat")) {
            String natA = natOf(view, "a");
            Files.writeString(dir.resolve("yocto.yaml"), "stack: orphannat\nnatGateways: 1\n");

            Cli.Result plan = cli.run("plan", "--json");

            assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
            Map<String, JsonNode> changes = byId(plan.json().get("changes"));
            assertThat(changes.get("network/nat-gateway/b").get("action").asText()).isEqualTo("delete");
            assertThat(changes.get("network/nat-gateway/b").get("reason").asText())
                    .isEqualTo("no longer in the configuration");
            assertThat(changes.get("network/elastic-ip/nat-b").get("action").asText()).isEqualTo("delete");
            JsonNode route = changes.get("network/route-table/private-b");
            assertThat(route.get("action").asText()).isEqualTo("update");
            assertThat(route.get("differences").get(0).get("field").asText()).isEqualTo("routes");
            assertThat(route.get("differences").get(0).get("desired").asText()).contains(natA);
            assertThat(plan.json().get("summary").get("deleted").asInt()).isEqualTo(2);
            assertThat(plan.json().get("summary").get("mutatingCalls").asInt()).isZero();
            Cli.Result status = cli.run("status", "--json");
            assertThat(status.exitCode()).isEqualTo(2);
            assertThat(byId(status.json().get("resources")).get("network/nat-gateway/b").get("status").asText())
                    .isEqualTo("orphan");

            Cli.Result provision = cli.run("provision", "--json");

            assertThat(provision.exitCode()).as(provision.toString()).isZero();
            assertThat(provision.json().get("summary").get("deleted").asInt()).isEqualTo(2);
            Map<String, Integer> oneNat = new HashMap<>(Ec2View.FULL_NETWORK);
            oneNat.put("nat-gateway", 1);
            oneNat.put("elastic-ip", 1);
            assertThat(view.counts()).as("nothing tagged is left over").isEqualTo(oneNat);
            assertThat(defaultRoute(view, "private-b")).isEqualTo(natA);
            assertThat(Files.readString(cli.statePath())).doesNotContain("network/nat-gateway/b")
                    .doesNotContain("network/elastic-ip/nat-b");
            assertThat(cli.run("status").exitCode()).isZero();
            assertThat(cli.run("plan").exitCode()).isZero();

            Files.writeString(dir.resolve("yocto.yaml"), "stack: orphannat\nnatGateways: 2\n");
            Cli.Result back = cli.run("provision", "--json");

            assertThat(back.exitCode()).as(back.toString()).isZero();
            assertThat(back.json().get("summary").get("created").asInt()).isEqualTo(2);
            assertThat(view.counts()).isEqualTo(Ec2View.FULL_NETWORK);
            assertThat(defaultRoute(view, "private-b")).isEqualTo(natOf(view, "b")).isNotEqualTo(natA);
            assertThat(cli.run("status").exitCode()).isZero();
        }
    }

    @Test
    void resourceTaggedWithTheStack_unknownToTheTopology_isReportedAndDeleted(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "orphanhand");
        assertThat(cli.run("provision").exitCode()).isZero();
        try (Ec2View view = new Ec2View(emulator, "orphanhand")) {
            String vpcId = view.vpcs().get(0).vpcId();
            String handMade = view.ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.200.0/24")
                    .tagSpecifications(t -> t.resourceType(ResourceType.SUBNET).tags(
                            tag -> tag.key("yocto:stack").value("orphanhand"),
                            tag -> tag.key("yocto:resource").value("network/subnet/legacy-extra")))).subnet().subnetId();

            Cli.Result status = cli.run("status", "--json");

            assertThat(status.exitCode()).isEqualTo(2);
            JsonNode orphan = byId(status.json().get("resources")).get("network/subnet/legacy-extra");
            assertThat(orphan.get("status").asText()).isEqualTo("orphan");
            assertThat(orphan.get("physicalId").asText()).isEqualTo(handMade);
            Cli.Result plan = cli.run("plan");
            assertThat(plan.out()).contains("network/subnet/legacy-extra").contains("no longer in the configuration");

            Cli.Result provision = cli.run("provision", "--json");

            assertThat(provision.exitCode()).as(provision.toString()).isZero();
            assertThat(view.subnets()).extracting(Subnet::subnetId).doesNotContain(handMade);
            assertThat(view.counts()).isEqualTo(Ec2View.FULL_NETWORK);
            assertThat(cli.run("status").exitCode()).isZero();
        }
    }

    private static Map<String, JsonNode> byId(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .collect(Collectors.toMap(n -> n.get("id").asText(), n -> n));
    }

    private static String natOf(Ec2View view, String zone) {
        return view.natGateways().stream()
                .filter(n -> ("network/nat-gateway/" + zone).equals(Ec2View.tags(n.tags()).get("yocto:resource")))
                .findFirst().orElseThrow().natGatewayId();
    }

    private static String defaultRoute(Ec2View view, String table) {
        RouteTable routes = view.routeTables().stream()
                .filter(t -> ("network/route-table/" + table).equals(Ec2View.tags(t.tags()).get("yocto:resource")))
                .findFirst().orElseThrow();
        return routes.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                .map(r -> r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId()).findFirst().orElse(null);
    }

    @Test
    void savedPlan_isAppliedExactly_andRefusedWhenAwsOrTheStateChangedSince(AwsEmulator emulator) throws Exception {
        Cli cli = new Cli(emulator, dir, "savedplan");
        assertThat(cli.run("provision").exitCode()).isZero();
        try (Ec2View view = new Ec2View(emulator, "savedplan")) {
            Files.writeString(dir.resolve("yocto.yaml"), "stack: savedplan\nnatGateways: 1\n");
            assertThat(cli.run("plan", "--out", "nat.plan").exitCode()).isEqualTo(2);
            String alb = view.securityGroups().stream()
                    .filter(g -> "network/sg/alb".equals(Ec2View.tags(g.tags()).get("yocto:resource")))
                    .findFirst().orElseThrow().groupId();
            view.ec2.authorizeSecurityGroupIngress(r -> r.groupId(alb).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(22).toPort(22).ipRanges(range -> range.cidrIp("0.0.0.0/0"))));

            Cli.Result refused = cli.run("provision", "nat.plan");

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.err()).contains("network/sg/alb changed in AWS since").contains("plan --out");
            assertThat(view.counts()).as("nothing was changed").isEqualTo(Ec2View.FULL_NETWORK);

            view.ec2.revokeSecurityGroupIngress(r -> r.groupId(alb).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(22).toPort(22).ipRanges(range -> range.cidrIp("0.0.0.0/0"))));
            Cli.Result applied = cli.run("provision", "nat.plan", "--json");

            assertThat(applied.exitCode()).as(applied.toString()).isZero();
            assertThat(applied.json().get("summary").get("deleted").asInt()).isEqualTo(2);
            assertThat(applied.json().get("summary").get("updated").asInt()).isEqualTo(1);
            assertThat(view.natGateways()).hasSize(1);

            Cli.Result again = cli.run("provision", "nat.plan");
            assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
            assertThat(again.err()).contains("the state changed since");
        }
    }
}
