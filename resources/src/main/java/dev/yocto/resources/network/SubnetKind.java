package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Ref;
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

/** A subnet of a VPC in one availability zone. */
public final class SubnetKind extends Ec2Kind<SubnetKind.Settings, Subnet> {

    public static final String ID = "ec2:subnet";
    public static final Output<String> SUBNET_ID = Output.attribute(ID, "id");
    public static final Output<String> ZONE = Output.attribute(ID, "zone");

    public record Settings(Ref<String> vpcId, String zone, String cidr, boolean mapPublicIp) {
    }

    private static final Ec2Listing<Subnet> LISTING = new Ec2Listing<>(ID,
            context -> context.aws().ec2().describeSubnets(r -> r.filters(Ec2Support.stackFilter(context))).subnets(),
            Subnet::subnetId, Subnet::tags,
            (context, id) -> context.aws().ec2().describeSubnets(r -> r.subnetIds(id)).subnets().stream().findFirst());

    /** Made after {@code LISTING}, which its constructor takes. */
    public static final SubnetKind KIND = new SubnetKind();

    private SubnetKind() {
        super(LISTING);
    }

    @Override
    Live live(Context context, Subnet subnet) {
        return live(subnet);
    }

    private static Live live(Subnet subnet) {
        return Live.of(subnet.subnetId(), Map.of("id", subnet.subnetId(), "zone", subnet.availabilityZone()),
                Map.of("vpc", subnet.vpcId(), "zone", subnet.availabilityZone(), "cidr", subnet.cidrBlock(),
                        "mapPublicIp", Ec2Support.bool(subnet.mapPublicIpOnLaunch())));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Ec2Client ec2 = context.aws().ec2();
        Settings settings = desired.settings();
        Subnet subnet = ec2.createSubnet(r -> r.vpcId(context.value(settings.vpcId())).availabilityZone(settings.zone())
                .cidrBlock(settings.cidr())
                .tagSpecifications(Ec2Support.tagSpecification(context, desired.address(), ResourceType.SUBNET)))
                .subnet();
        if (settings.mapPublicIp()) {
            Ec2Support.whenKnown(context, desired.address(), "subnet " + subnet.subnetId() + " to map public IPs",
                    () -> setMapPublicIp(ec2, subnet.subnetId(), true));
        }
        return Poll.until(context, desired.address(), "subnet " + subnet.subnetId() + " to become available",
                Duration.ofMinutes(5), () -> LISTING.reread(context, subnet.subnetId())
                        .filter(s -> s.state() == SubnetState.AVAILABLE).map(SubnetKind::live));
    }

    private static void setMapPublicIp(Ec2Client ec2, String subnetId, boolean value) {
        ec2.modifySubnetAttribute(r -> r.subnetId(subnetId)
                .mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(value).build()));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        return Map.of("vpc", context.value(settings.vpcId()), "zone", settings.zone(), "cidr", settings.cidr(),
                "mapPublicIp", String.valueOf(settings.mapPublicIp()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("vpc", "zone", "cidr");
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        setMapPublicIp(context.aws().ec2(), live.physicalId(), desired.settings().mapPublicIp());
        return LISTING.reread(context, live.physicalId()).map(SubnetKind::live).orElse(live);
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        Ec2Support.deleteWhenFree(context, address, "subnet " + live.physicalId(),
                () -> context.aws().ec2().deleteSubnet(r -> r.subnetId(live.physicalId())));
    }
}
