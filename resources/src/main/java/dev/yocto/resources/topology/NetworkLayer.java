package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.network.ElasticIpKind;
import dev.yocto.resources.network.InternetGatewayKind;
import dev.yocto.resources.network.NatGatewayKind;
import dev.yocto.resources.network.RouteTableKind;
import dev.yocto.resources.network.SecurityGroupKind;
import dev.yocto.resources.network.SecurityGroupKind.Ingress;
import dev.yocto.resources.network.SubnetKind;
import dev.yocto.resources.network.VpcKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The network layer of DESIGN §6: a VPC, in each of two zones a public, a private-with-egress and
 * an isolated /24 subnet, an internet gateway, one or two NAT gateways, a route table per subnet
 * and the security groups alb, app and db.
 */
public final class NetworkLayer {

    /** A subnet's tier: public (routes to the internet gateway), private-with-egress (via NAT), isolated. */
    public enum Tier { PUBLIC, PRIVATE, ISOLATED }

    public static final Address VPC = Address.of("network/vpc");
    public static final Address INTERNET_GATEWAY = Address.of("network/internet-gateway");
    public static final Address SG_ALB = Address.of("network/sg/alb");
    public static final Address SG_APP = Address.of("network/sg/app");
    public static final Address SG_DB = Address.of("network/sg/db");
    /** CloudFront's origin-facing servers, an AWS-managed prefix list in every region. */
    public static final String CLOUDFRONT_ORIGIN_FACING = "com.amazonaws.global.cloudfront.origin-facing";
    private static final String[] ZONE_SUFFIXES = {"a", "b"};

    private NetworkLayer() {
    }

    public static Address subnet(Tier tier, int zone) {
        return Address.of("network/subnet/" + tier.name().toLowerCase() + "-" + ZONE_SUFFIXES[zone]);
    }

    public static Address natGateway(int zone) {
        return Address.of("network/nat-gateway/" + ZONE_SUFFIXES[zone]);
    }

    public static Address routeTable(Tier tier, int zone) {
        return Address.of("network/route-table/" + tier.name().toLowerCase() + "-" + ZONE_SUFFIXES[zone]);
    }

    /**
     * The way out of the private subnets: their route tables and the NAT gateways those route to
     * (one or two, as configured), for what runs there and needs the internet.
     */
    public static List<Ref<String>> privateEgress(StackConfig config) {
        List<Ref<String>> egress = new ArrayList<>();
        for (int zone = 0; zone < 2; zone++) {
            egress.add(RouteTableKind.TABLE_ID.of(routeTable(Tier.PRIVATE, zone)));
        }
        for (int zone = 0; zone < config.natGateways(); zone++) {
            egress.add(NatGatewayKind.GATEWAY_ID.of(natGateway(zone)));
        }
        return egress;
    }

    public static List<Desired<?>> resources(StackConfig config) {
        List<Desired<?>> resources = new ArrayList<>();
        Desired<VpcKind.Settings> vpc = Desired.of(VPC, VpcKind.KIND,
                new VpcKind.Settings(config.vpcCidr(), true, true));
        Ref<String> vpcId = vpc.ref(VpcKind.VPC_ID);
        resources.add(vpc);
        Desired<InternetGatewayKind.Settings> internetGateway = Desired.of(INTERNET_GATEWAY, InternetGatewayKind.KIND,
                new InternetGatewayKind.Settings(vpcId));
        resources.add(internetGateway);
        Tier[] tiers = Tier.values();
        for (int t = 0; t < tiers.length; t++) {
            for (int zone = 0; zone < 2; zone++) {
                String cidr = subnetCidr(config.vpcCidr(), t * 2 + zone);
                resources.add(Desired.of(subnet(tiers[t], zone), SubnetKind.KIND, new SubnetKind.Settings(vpcId,
                        config.availabilityZones().get(zone), cidr, tiers[t] == Tier.PUBLIC)));
            }
        }
        for (int zone = 0; zone < config.natGateways(); zone++) {
            Address eip = Address.of("network/elastic-ip/nat-" + ZONE_SUFFIXES[zone]);
            resources.add(Desired.of(eip, ElasticIpKind.KIND, new ElasticIpKind.Settings()));
            resources.add(Desired.of(natGateway(zone), NatGatewayKind.KIND, new NatGatewayKind.Settings(
                    subnetId(Tier.PUBLIC, zone), ElasticIpKind.ALLOCATION_ID.of(eip),
                    internetGateway.ref(InternetGatewayKind.GATEWAY_ID))));
        }
        for (int zone = 0; zone < 2; zone++) {
            resources.add(Desired.of(routeTable(Tier.PUBLIC, zone), RouteTableKind.KIND,
                    new RouteTableKind.Settings(vpcId, subnetId(Tier.PUBLIC, zone),
                            Optional.of(internetGateway.ref(InternetGatewayKind.GATEWAY_ID)))));
            Address nat = natGateway(config.natGateways() == 1 ? 0 : zone);
            resources.add(Desired.of(routeTable(Tier.PRIVATE, zone), RouteTableKind.KIND,
                    new RouteTableKind.Settings(vpcId, subnetId(Tier.PRIVATE, zone),
                            Optional.of(NatGatewayKind.GATEWAY_ID.of(nat)))));
            resources.add(Desired.of(routeTable(Tier.ISOLATED, zone), RouteTableKind.KIND,
                    new RouteTableKind.Settings(vpcId, subnetId(Tier.ISOLATED, zone), Optional.empty())));
        }
        // Only CloudFront reaches the load balancer (the app trusts the X-Forwarded-For hops of
        // CloudFront and the ALB): HTTPS from its origin-facing servers, nothing on 80. One rule
        // only: a rule naming a prefix list counts as the list's max entries (its weight, 55 for
        // this one) against the 60 inbound rules of a group, see the VPC guide's "AWS-managed prefix
        // list weight". The description is the first version's: it cannot change in place, and a
        // group the load balancer and the app group use cannot be deleted to be replaced.
        resources.add(Desired.of(SG_ALB, SecurityGroupKind.KIND, new SecurityGroupKind.Settings(vpcId,
                "Yoctogram load balancer: HTTPS and HTTP from anywhere",
                List.of(Ingress.fromManagedPrefixList(443, CLOUDFRONT_ORIGIN_FACING)))));
        resources.add(Desired.of(SG_APP, SecurityGroupKind.KIND, new SecurityGroupKind.Settings(vpcId,
                "Yoctogram tasks: HTTP from the load balancer",
                List.of(Ingress.fromGroup(80, SecurityGroupKind.GROUP_ID.of(SG_ALB))))));
        resources.add(Desired.of(SG_DB, SecurityGroupKind.KIND, new SecurityGroupKind.Settings(vpcId,
                "Yoctogram database: PostgreSQL from the tasks",
                List.of(Ingress.fromGroup(5432, SecurityGroupKind.GROUP_ID.of(SG_APP))))));
        return resources;
    }

    /**
     * The two zones the stack's subnets are in, as state remembers them (public subnet a, then b),
     * or empty before they exist. Runs without named zones keep them: a zone AWS adds to the region
     * later never moves the stack, and no call is needed to choose them again.
     */
    public static Optional<List<String>> zonesInState(Function<Address, Map<String, String>> attributes) {
        List<String> zones = new ArrayList<>();
        for (int zone = 0; zone < 2; zone++) {
            Optional.ofNullable(attributes.apply(subnet(Tier.PUBLIC, zone)).get(SubnetKind.ZONE.name()))
                    .ifPresent(zones::add);
        }
        return zones.size() == 2 ? Optional.of(List.copyOf(zones)) : Optional.empty();
    }

    /** The id of a subnet of this layer, for the resources of any layer placed in it. */
    public static Ref<String> subnetId(Tier tier, int zone) {
        return SubnetKind.SUBNET_ID.of(subnet(tier, zone));
    }

    /** The kinds of this layer. */
    public static List<Kind<?>> kinds() {
        return List.of(VpcKind.KIND, InternetGatewayKind.KIND, SubnetKind.KIND, ElasticIpKind.KIND,
                NatGatewayKind.KIND, RouteTableKind.KIND, SecurityGroupKind.KIND);
    }

    /** The index-th /24 block of the VPC's range. */
    static String subnetCidr(String vpcCidr, int index) {
        String[] octets = vpcCidr.split("/")[0].split("\\.");
        long base = 0;
        for (String octet : octets) {
            base = (base << 8) | Integer.parseInt(octet);
        }
        long subnet = base + (long) index * 256;
        return ((subnet >> 24) & 255) + "." + ((subnet >> 16) & 255) + "." + ((subnet >> 8) & 255) + ".0/24";
    }
}
