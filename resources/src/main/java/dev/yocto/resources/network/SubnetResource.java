package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.SubnetState;

/** A /24 subnet of one tier (public, private-with-egress, isolated) in one availability zone. */
public final class SubnetResource implements Resource {

    public enum Tier { PUBLIC, PRIVATE, ISOLATED }

    public record Settings(Tier tier, String zone, String cidr, boolean mapPublicIp) {
    }

    private final Address address;
    private final Settings settings;

    public SubnetResource(Address address, Tier tier, String zone, String cidr) {
        this.address = address;
        this.settings = new Settings(tier, zone, cidr, tier == Tier.PUBLIC);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "ec2:subnet";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(VpcResource.ADDRESS);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Ec2Client ec2 = context.aws().ec2();
        return Ec2Support.find(context, address, knownId, "subnet",
                () -> ec2.describeSubnets(r -> r.filters(Ec2Support.stackFilter(context))).subnets(),
                Subnet::subnetId, Subnet::tags, id -> describe(ec2, id)).map(SubnetResource::live);
    }

    private static Optional<Subnet> describe(Ec2Client ec2, String id) {
        return ec2.describeSubnets(r -> r.subnetIds(id)).subnets().stream().findFirst();
    }

    private static Live live(Subnet subnet) {
        return Live.of(subnet.subnetId(), Map.of("id", subnet.subnetId(), "zone", subnet.availabilityZone()),
                Map.of("vpc", subnet.vpcId(), "zone", subnet.availabilityZone(), "cidr", subnet.cidrBlock(),
                        "mapPublicIp", Ec2Support.bool(subnet.mapPublicIpOnLaunch())));
    }

    @Override
    public Live create(Context context) {
        Ec2Client ec2 = context.aws().ec2();
        Subnet subnet = ec2.createSubnet(r -> r.vpcId(vpcId(context)).availabilityZone(settings.zone())
                .cidrBlock(settings.cidr())
                .tagSpecifications(Ec2Support.tagSpecification(context, address, ResourceType.SUBNET))).subnet();
        if (settings.mapPublicIp()) {
            setMapPublicIp(ec2, subnet.subnetId());
        }
        return Poll.until(context, address, "subnet " + subnet.subnetId() + " to become available",
                Duration.ofMinutes(5), () -> Ec2Support.byId(
                        i -> ec2.describeSubnets(r -> r.subnetIds(i)).subnets().stream().findFirst(), subnet.subnetId())
                        .filter(s -> s.state() == SubnetState.AVAILABLE).map(SubnetResource::live));
    }

    private void setMapPublicIp(Ec2Client ec2, String subnetId) {
        ec2.modifySubnetAttribute(r -> r.subnetId(subnetId)
                .mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(settings.mapPublicIp()).build()));
    }

    private static String vpcId(Context context) {
        return context.dependency(VpcResource.ADDRESS).physicalId();
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("vpc", vpcId(context), "zone", settings.zone(), "cidr", settings.cidr(),
                "mapPublicIp", String.valueOf(settings.mapPublicIp()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("vpc", "zone", "cidr");
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        Ec2Client ec2 = context.aws().ec2();
        setMapPublicIp(ec2, live.physicalId());
        return Ec2Support.byId(id -> describe(ec2, id), live.physicalId()).map(SubnetResource::live).orElse(live);
    }

    @Override
    public void delete(Context context, Live live) {
        Ec2Support.deleteWhenFree(context, address, "subnet " + live.physicalId(),
                () -> context.aws().ec2().deleteSubnet(r -> r.subnetId(live.physicalId())));
    }
}
