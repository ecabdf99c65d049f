package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.emulator.behaviour.AwsBehaviour;
import dev.yocto.emulator.behaviour.Refusal;
import dev.yocto.emulator.behaviour.Settings;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network layer under AWS's manners (the behaviour profile): NAT gateways pending and deleting
 * for their modeled time, every just-created security group, subnet, route table, NAT gateway and
 * internet gateway answering not-found by id for 2 s, the Elastic IPs held after their NAT gateway
 * is deleted, and 20 % of all attempts throttled or 5xx. Before the fixes of issue 11 this failed at
 * the first security group ({@code AuthorizeSecurityGroupIngress}: {@code InvalidGroup.NotFound}),
 * the internet gateway's attach, the public subnets' ModifySubnetAttribute, the route tables'
 * CreateRoute and AssociateRouteTable, and in teardown at ReleaseAddress ({@code InvalidIPAddress.InUse});
 * the counts below show each of those answers was given and yocto carried on.
 */
@ExtendWith(EmulatorExtension.class)
class NetworkUnderAwsMannersTest {

    @TempDir
    Path dir;

    @Test
    void provisionNoChangeAndTeardownConverge(AwsEmulator emulator) {
        AwsBehaviour behaviour = new AwsBehaviour(Settings.aws(0.01, 0.2, 7)
                .withRefusals(EnumSet.of(Refusal.EIP_AFTER_NAT)));
        Cli cli = new Cli(emulator, dir, "manners");

        Cli.Result provision = cli.run(List.of(behaviour), "provision", "--json");
        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        try (Ec2View view = new Ec2View(emulator, "manners")) {
            assertThat(view.counts()).isEqualTo(Ec2View.FULL_NETWORK);
        }
        Cli.Result again = cli.run(List.of(behaviour), "provision", "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.json().get("summary").get("mutatingCalls").asInt()).isZero();

        Cli.Result teardown = cli.run(List.of(behaviour), "teardown", "--yes", "--json");
        assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
        try (Ec2View view = new Ec2View(emulator, "manners")) {
            assertThat(view.counts()).isEqualTo(Ec2View.NOTHING);
        }

        var counts = behaviour.counts();
        assertThat(counts.byAnswer()).as(counts.toString()).containsKeys("InvalidGroup.NotFound",
                "InvalidSubnetID.NotFound", "InvalidRouteTableID.NotFound", "InvalidInternetGatewayID.NotFound",
                "eip-nat");
        assertThat(counts.faults()).as(counts.toString()).isGreaterThan(10);
        assertThat(counts.rewrites()).as("NAT gateways seen pending or deleting").isPositive();
    }
}
