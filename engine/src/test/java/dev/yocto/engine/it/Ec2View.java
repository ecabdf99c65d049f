package dev.yocto.engine.it;

import dev.yocto.testkit.AwsEmulator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** What EC2 itself reports about a stack's resources, found by the stack tag (checked client-side). */
final class Ec2View implements AutoCloseable {

    final Ec2Client ec2;
    private final String stack;

    Ec2View(AwsEmulator emulator, String stack) {
        this.ec2 = Ec2Client.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).build();
        this.stack = stack;
    }

    static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private boolean ours(List<Tag> tags) {
        return stack.equals(tags(tags).get("yocto:stack"));
    }

    List<Vpc> vpcs() {
        return ec2.describeVpcs().vpcs().stream().filter(v -> ours(v.tags())).toList();
    }

    List<Subnet> subnets() {
        return ec2.describeSubnets().subnets().stream().filter(s -> ours(s.tags())).toList();
    }

    List<InternetGateway> internetGateways() {
        return ec2.describeInternetGateways().internetGateways().stream().filter(g -> ours(g.tags())).toList();
    }

    List<Address> elasticIps() {
        return ec2.describeAddresses().addresses().stream().filter(a -> ours(a.tags())).toList();
    }

    List<NatGateway> natGateways() {
        return ec2.describeNatGateways().natGateways().stream()
                .filter(n -> n.state() != NatGatewayState.DELETED && ours(n.tags())).toList();
    }

    List<RouteTable> routeTables() {
        return ec2.describeRouteTables().routeTables().stream().filter(t -> ours(t.tags())).toList();
    }

    List<SecurityGroup> securityGroups() {
        return ec2.describeSecurityGroups().securityGroups().stream().filter(g -> ours(g.tags())).toList();
    }

    /** Count of every tagged resource kind, e.g. {vpc=1, subnet=6, ...}. */
    Map<String, Integer> counts() {
        return Map.of("vpc", vpcs().size(), "subnet", subnets().size(), "internet-gateway",
                internetGateways().size(), "elastic-ip", elasticIps().size(), "nat-gateway", natGateways().size(),
                "route-table", routeTables().size(), "security-group", securityGroups().size());
    }

    static final Map<String, Integer> FULL_NETWORK = Map.of("vpc", 1, "subnet", 6, "internet-gateway", 1,
            "elastic-ip", 2, "nat-gateway", 2, "route-table", 6, "security-group", 3);

    static final Map<String, Integer> NOTHING = Map.of("vpc", 0, "subnet", 0, "internet-gateway", 0,
            "elastic-ip", 0, "nat-gateway", 0, "route-table", 0, "security-group", 0);

    @Override
    public void close() {
        ec2.close();
    }
}
