package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

/** A VPC, with DNS support and DNS host names as its settings say. */
public final class VpcKind extends Ec2Kind<VpcKind.Settings, Vpc> {

    public static final String ID = "ec2:vpc";
    public static final Output<String> VPC_ID = Output.attribute(ID, "id");

    public record Settings(String cidr, boolean dnsSupport, boolean dnsHostnames) {
    }

    private static final Ec2Listing<Vpc> LISTING = new Ec2Listing<>(ID,
            context -> context.aws().ec2().describeVpcs(r -> r.filters(Ec2Support.stackFilter(context))).vpcs(),
            Vpc::vpcId, Vpc::tags,
            (context, id) -> context.aws().ec2().describeVpcs(r -> r.vpcIds(id)).vpcs().stream().findFirst());

    /** Made after {@code LISTING}, which its constructor takes. */
    public static final VpcKind KIND = new VpcKind();

    private VpcKind() {
        super(LISTING);
    }

    @Override
    Live live(Context context, Vpc vpc) {
        return live(context.aws().ec2(), vpc);
    }

    private static Live live(Ec2Client ec2, Vpc vpc) {
        String dnsSupport = Ec2Support.bool(ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId())
                .attribute(VpcAttributeName.ENABLE_DNS_SUPPORT)).enableDnsSupport().value());
        String dnsHostnames = Ec2Support.bool(ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId())
                .attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES)).enableDnsHostnames().value());
        return live(vpc, dnsSupport, dnsHostnames);
    }

    private static Live live(Vpc vpc, String dnsSupport, String dnsHostnames) {
        return Live.of(vpc.vpcId(), Map.of("id", vpc.vpcId(), "cidr", vpc.cidrBlock()),
                Map.of("cidr", vpc.cidrBlock(), "dnsSupport", dnsSupport, "dnsHostnames", dnsHostnames));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Ec2Client ec2 = context.aws().ec2();
        Settings settings = desired.settings();
        Vpc vpc = ec2.createVpc(r -> r.cidrBlock(settings.cidr()).tagSpecifications(
                Ec2Support.tagSpecification(context, desired.address(), ResourceType.VPC))).vpc();
        Poll.until(context, desired.address(), "VPC " + vpc.vpcId() + " to become available", Duration.ofMinutes(5),
                () -> LISTING.reread(context, vpc.vpcId()).filter(v -> v.state() == VpcState.AVAILABLE));
        setDns(ec2, vpc.vpcId(), settings, true, true);
        return live(vpc, String.valueOf(settings.dnsSupport()), String.valueOf(settings.dnsHostnames()));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        return Map.of("cidr", settings.cidr(), "dnsSupport", String.valueOf(settings.dnsSupport()),
                "dnsHostnames", String.valueOf(settings.dnsHostnames()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("cidr");
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        Ec2Client ec2 = context.aws().ec2();
        boolean support = differences.stream().anyMatch(d -> d.field().equals("dnsSupport"));
        boolean hostnames = differences.stream().anyMatch(d -> d.field().equals("dnsHostnames"));
        setDns(ec2, live.physicalId(), desired.settings(), support, hostnames);
        return LISTING.reread(context, live.physicalId()).map(v -> live(ec2, v)).orElse(live);
    }

    /** One attribute per call: ModifyVpcAttribute accepts only one at a time. */
    private static void setDns(Ec2Client ec2, String vpcId, Settings settings, boolean support, boolean hostnames) {
        if (support) {
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId)
                    .enableDnsSupport(AttributeBooleanValue.builder().value(settings.dnsSupport()).build()));
        }
        if (hostnames) {
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId)
                    .enableDnsHostnames(AttributeBooleanValue.builder().value(settings.dnsHostnames()).build()));
        }
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        Ec2Support.deleteWhenFree(context, address, "VPC " + live.physicalId(),
                () -> context.aws().ec2().deleteVpc(r -> r.vpcId(live.physicalId())));
    }
}
