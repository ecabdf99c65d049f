package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** The network layer end to end on the emulator; every assertion reads what EC2 reports. */
@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class NetworkLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void provision_createsExactlyTheNetworkOfTheDesign(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "netdesign");

        Cli.Result result = cli.run("provision");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        try (Ec2View view = new Ec2View(emulator, "netdesign")) {
            assertThat(view.counts()).isEqualTo(Ec2View.FULL_NETWORK);

            Vpc vpc = view.vpcs().get(0);
            assertThat(vpc.cidrBlock()).isEqualTo("10.0.0.0/16");
            assertThat(view.ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId())
                    .attribute(VpcAttributeName.ENABLE_DNS_SUPPORT)).enableDnsSupport())
                    .extracting(AttributeBooleanValue::value).isEqualTo(true);
            assertThat(view.ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId())
                    .attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES)).enableDnsHostnames())
                    .extracting(AttributeBooleanValue::value).isEqualTo(true);
            assertThat(Ec2View.tags(vpc.tags())).containsEntry("yocto:stack", "netdesign")
                    .containsEntry("yocto:resource", "network/vpc").containsEntry("Name", "netdesign-network-vpc");

            Map<String, Subnet> subnets = view.subnets().stream()
                    .collect(Collectors.toMap(s -> Ec2View.tags(s.tags()).get("yocto:resource"), s -> s));
            assertThat(subnets).containsOnlyKeys("network/subnet/public-a", "network/subnet/public-b",
                    "network/subnet/private-a", "network/subnet/private-b", "network/subnet/isolated-a",
                    "network/subnet/isolated-b");
            subnets.forEach((name, subnet) -> {
                assertThat(subnet.vpcId()).as(name).isEqualTo(vpc.vpcId());
                assertThat(subnet.cidrBlock()).as(name).endsWith("/24");
                assertThat(subnet.availabilityZone()).as(name).isEqualTo(name.endsWith("-a") ? "us-west-2a" : "us-west-2b");
                assertThat(subnet.mapPublicIpOnLaunch()).as(name).isEqualTo(name.contains("public"));
            });
            assertThat(subnets.values().stream().map(Subnet::cidrBlock).distinct()).hasSize(6);

            assertThat(view.internetGateways().get(0).attachments()).singleElement()
                    .satisfies(a -> assertThat(a.vpcId()).isEqualTo(vpc.vpcId()));
            String igw = view.internetGateways().get(0).internetGatewayId();

            Map<String, String> natBySubnet = view.natGateways().stream().collect(Collectors.toMap(
                    n -> n.subnetId(), n -> n.natGatewayId()));
            assertThat(natBySubnet).containsOnlyKeys(subnets.get("network/subnet/public-a").subnetId(),
                    subnets.get("network/subnet/public-b").subnetId());
            assertThat(view.natGateways()).allSatisfy(n -> assertThat(n.natGatewayAddresses()).singleElement()
                    .satisfies(address -> assertThat(view.elasticIps()).extracting(e -> e.allocationId())
                            .contains(address.allocationId())));

            Map<String, RouteTable> tables = view.routeTables().stream()
                    .collect(Collectors.toMap(t -> Ec2View.tags(t.tags()).get("yocto:resource"), t -> t));
            for (String zone : List.of("a", "b")) {
                assertThat(defaultRoute(tables.get("network/route-table/public-" + zone))).isEqualTo(igw);
                assertThat(defaultRoute(tables.get("network/route-table/private-" + zone)))
                        .isEqualTo(natBySubnet.get(subnets.get("network/subnet/public-" + zone).subnetId()));
                assertThat(defaultRoute(tables.get("network/route-table/isolated-" + zone))).isNull();
                for (String tier : List.of("public", "private", "isolated")) {
                    assertThat(tables.get("network/route-table/" + tier + "-" + zone).associations())
                            .extracting(a -> a.subnetId())
                            .containsExactly(subnets.get("network/subnet/" + tier + "-" + zone).subnetId());
                }
            }

            Map<String, SecurityGroup> groups = view.securityGroups().stream()
                    .collect(Collectors.toMap(g -> Ec2View.tags(g.tags()).get("yocto:resource"), g -> g));
            assertThat(rules(groups.get("network/sg/alb"))).containsExactly("tcp:443<-" + cloudFrontPrefixList(view));
            assertThat(rules(groups.get("network/sg/app"))).containsExactly(
                    "tcp:80<-" + groups.get("network/sg/alb").groupId());
            assertThat(rules(groups.get("network/sg/db"))).containsExactly(
                    "tcp:5432<-" + groups.get("network/sg/app").groupId());
            assertThat(groups.values()).allSatisfy(g -> assertThat(g.vpcId()).isEqualTo(vpc.vpcId()));
        }
    }

    private static String defaultRoute(RouteTable table) {
        return table.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                .map(r -> r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId()).findFirst().orElse(null);
    }

    static List<String> rules(SecurityGroup group) {
        return group.ipPermissions().stream().flatMap((IpPermission p) -> java.util.stream.Stream.of(
                p.ipRanges().stream().map(r -> p.ipProtocol() + ":" + p.fromPort() + "<-" + r.cidrIp()),
                p.userIdGroupPairs().stream().map(g -> p.ipProtocol() + ":" + p.fromPort() + "<-" + g.groupId()),
                p.prefixListIds().stream().map(l -> p.ipProtocol() + ":" + p.fromPort() + "<-" + l.prefixListId()))
                .flatMap(rules -> rules)).toList();
    }

    /** The id of CloudFront's origin-facing prefix list, as AWS (and moto) publish it. */
    private static String cloudFrontPrefixList(Ec2View view) {
        return view.ec2.describeManagedPrefixLists(r -> r.filters(f -> f.name("prefix-list-name")
                .values("com.amazonaws.global.cloudfront.origin-facing"))).prefixLists().get(0).prefixListId();
    }

    @Test
    void provision_secondRun_createsNothingAndMakesNoMutatingCall(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "netrerun");
        assertThat(cli.run("provision").exitCode()).isZero();

        Cli.Result again = cli.run("provision", "--json");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode summary = again.json().get("summary");
        assertThat(summary.get("created").asInt()).isZero();
        assertThat(summary.get("updated").asInt()).isZero();
        assertThat(summary.get("unchanged").asInt()).isEqualTo(21);
        assertThat(summary.get("mutatingCalls").asInt()).isZero();
        // One listing per EC2 type (7) and the VPC's two DNS attributes: finding orphans by tag reuses
        // the listings, and the zones and CloudFront's prefix list id are read from state.
        assertThat(summary.get("awsCalls").asInt()).isLessThanOrEqualTo(9);
        assertThat(cli.run("status").exitCode()).isZero();
        assertThat(cli.run("plan").exitCode()).isZero();
        try (Ec2View view = new Ec2View(emulator, "netrerun")) {
            assertThat(view.counts()).isEqualTo(Ec2View.FULL_NETWORK);
        }
    }

    @Test
    void status_reportsOutOfBandChanges_andProvisionRepairsThem(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "netdrift");
        assertThat(cli.run("provision").exitCode()).isZero();
        try (Ec2View view = new Ec2View(emulator, "netdrift")) {
            Subnet isolated = view.subnets().stream().filter(s -> Ec2View.tags(s.tags()).get("yocto:resource")
                    .equals("network/subnet/isolated-b")).findFirst().orElseThrow();
            view.ec2.deleteSubnet(r -> r.subnetId(isolated.subnetId()));
            SecurityGroup alb = view.securityGroups().stream().filter(g -> Ec2View.tags(g.tags())
                    .get("yocto:resource").equals("network/sg/alb")).findFirst().orElseThrow();
            view.ec2.authorizeSecurityGroupIngress(r -> r.groupId(alb.groupId()).ipPermissions(p -> p
                    .ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(range -> range.cidrIp("0.0.0.0/0"))));

            Cli.Result status = cli.run("status", "--json");

            assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
            JsonNode document = status.json();
            assertThat(document.get("inSync").asBoolean()).isFalse();
            Map<String, JsonNode> byId = StreamSupport.stream(document.get("resources").spliterator(), false)
                    .collect(Collectors.toMap(n -> n.get("id").asText(), n -> n));
            assertThat(byId.get("network/subnet/isolated-b").get("status").asText()).isEqualTo("missing");
            JsonNode sg = byId.get("network/sg/alb");
            assertThat(sg.get("status").asText()).isEqualTo("drifted");
            assertThat(sg.get("differences").get(0).get("field").asText()).isEqualTo("ingress");
            assertThat(sg.get("differences").get(0).get("live").asText()).contains("tcp:22-22<-0.0.0.0/0");
            assertThat(sg.get("differences").get(0).get("desired").asText()).doesNotContain("tcp:22");
            assertThat(byId.get("network/vpc").get("status").asText()).isEqualTo("in-sync");

            Cli.Result repair = cli.run("provision");

            assertThat(repair.exitCode()).as(repair.toString()).isZero();
            Cli.Result after = cli.run("status");
            assertThat(after.exitCode()).as(after.toString()).isZero();
            assertThat(view.counts()).isEqualTo(Ec2View.FULL_NETWORK);
            SecurityGroup repaired = view.securityGroups().stream().filter(g -> g.groupId().equals(alb.groupId()))
                    .findFirst().orElseThrow();
            assertThat(rules(repaired)).containsExactly("tcp:443<-" + cloudFrontPrefixList(view));
        }
    }

    @Test
    void provision_withoutStateFile_rediscoversEverythingByTags(AwsEmulator emulator) throws Exception {
        Cli cli = new Cli(emulator, dir, "netlost");
        assertThat(cli.run("provision").exitCode()).isZero();
        String before = Files.readString(cli.statePath());
        Files.delete(cli.statePath());
        Files.deleteIfExists(cli.statePath().resolveSibling("netlost.state.json.backup"));

        Cli.Result status = cli.run("status", "--json");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.json().get("resources")).allSatisfy(n -> assertThat(n.get("status").asText()).isEqualTo("untracked"));

        Cli.Result result = cli.run("provision", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("summary").get("created").asInt()).isZero();
        assertThat(result.json().get("summary").get("mutatingCalls").asInt()).isZero();
        assertThat(result.json().get("changes")).allSatisfy(n -> assertThat(n.get("action").asText()).isEqualTo("adopt"));
        try (Ec2View view = new Ec2View(emulator, "netlost")) {
            assertThat(view.counts()).isEqualTo(Ec2View.FULL_NETWORK);
            for (var vpc : view.vpcs()) {
                assertThat(Files.readString(cli.statePath())).contains(vpc.vpcId());
                assertThat(before).contains(vpc.vpcId());
            }
        }
        assertThat(cli.run("status").exitCode()).isZero();
    }

    @Test
    void teardown_leavesNothingTaggedWithTheStack(AwsEmulator emulator) {
        Cli cli = new Cli(emulator, dir, "netdown");
        assertThat(cli.run("provision").exitCode()).isZero();

        Cli.Result result = cli.run("teardown", "--yes", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("summary").get("deleted").asInt()).isEqualTo(21);
        try (Ec2View view = new Ec2View(emulator, "netdown")) {
            assertThat(view.counts()).isEqualTo(Ec2View.NOTHING);
        }
        Cli.Result status = cli.run("status", "--json");
        assertThat(status.json().get("resources")).allSatisfy(n -> assertThat(n.get("status").asText()).isEqualTo("not-created"));
    }
}
