package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.network.ElasticIpResource;
import dev.yocto.resources.network.InternetGatewayResource;
import dev.yocto.resources.network.NatGatewayResource;
import dev.yocto.resources.network.RouteTableResource;
import dev.yocto.resources.network.SecurityGroupResource;
import dev.yocto.resources.network.SecurityGroupResource.Ingress;
import dev.yocto.resources.network.SubnetResource;
import dev.yocto.resources.network.SubnetResource.Tier;
import dev.yocto.resources.network.VpcResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network layer of DESIGN §6: a VPC, in each of two zones a public, a private-with-egress and
 * an isolated /24 subnet, an internet gateway, one or two NAT gateways, a route table per subnet
 * and the security groups alb, app and db.
 */
public final class NetworkLayer {

    public static final Address SG_ALB = Address.of("network/sg/alb");
    public static final Address SG_APP = Address.of("network/sg/app");
    public static final Address SG_DB = Address.of("network/sg/db");
    private static final String[] ZONE_SUFFIXES = {"a", "b"};

    private NetworkLayer() {
    }

    public static Address subnet(Tier tier, int zone) {
        return Address.of("network/subnet/" + tier.name().toLowerCase() + "-" + ZONE_SUFFIXES[zone]);
    }

    public static Address natGateway(int zone) {
        return Address.of("network/nat-gateway/" + ZONE_SUFFIXES[zone]);
    }

    public static List<Resource> resources(StackConfig config) {
        List<Resource> resources = new ArrayList<>();
        resources.add(new VpcResource(config.vpcCidr()));
        resources.add(new InternetGatewayResource());
        Tier[] tiers = Tier.values();
        for (int t = 0; t < tiers.length; t++) {
            for (int zone = 0; zone < 2; zone++) {
                String cidr = subnetCidr(config.vpcCidr(), t * 2 + zone);
                resources.add(new SubnetResource(subnet(tiers[t], zone), tiers[t],
                        config.availabilityZones().get(zone), cidr));
            }
        }
        for (int zone = 0; zone < config.natGateways(); zone++) {
            Address eip = Address.of("network/elastic-ip/nat-" + ZONE_SUFFIXES[zone]);
            resources.add(new ElasticIpResource(eip));
            resources.add(new NatGatewayResource(natGateway(zone), subnet(Tier.PUBLIC, zone), eip));
        }
        for (int zone = 0; zone < 2; zone++) {
            String suffix = ZONE_SUFFIXES[zone];
            resources.add(new RouteTableResource(Address.of("network/route-table/public-" + suffix),
                    subnet(Tier.PUBLIC, zone), Optional.of(InternetGatewayResource.ADDRESS)));
            Address nat = natGateway(config.natGateways() == 1 ? 0 : zone);
            resources.add(new RouteTableResource(Address.of("network/route-table/private-" + suffix),
                    subnet(Tier.PRIVATE, zone), Optional.of(nat)));
            resources.add(new RouteTableResource(Address.of("network/route-table/isolated-" + suffix),
                    subnet(Tier.ISOLATED, zone), Optional.empty()));
        }
        resources.add(new SecurityGroupResource(SG_ALB, "Yoctogram load balancer: HTTPS and HTTP from anywhere",
                List.of(Ingress.fromCidr(443, "0.0.0.0/0"), Ingress.fromCidr(80, "0.0.0.0/0"))));
        resources.add(new SecurityGroupResource(SG_APP, "Yoctogram tasks: HTTP from the load balancer",
                List.of(Ingress.fromGroup(80, SG_ALB))));
        resources.add(new SecurityGroupResource(SG_DB, "Yoctogram database: PostgreSQL from the tasks",
                List.of(Ingress.fromGroup(5432, SG_APP))));
        return resources;
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
