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
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

/** The VPC, with DNS support and DNS host names on. */
public final class VpcResource implements Resource {

    public static final Address ADDRESS = Address.of("network/vpc");

    public record Settings(String cidr, boolean dnsSupport, boolean dnsHostnames) {
    }

    private final Settings settings;

    public VpcResource(String cidr) {
        this.settings = new Settings(cidr, true, true);
    }

    @Override
    public Address address() {
        return ADDRESS;
    }

    @Override
    public String kind() {
        return "ec2:vpc";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Ec2Client ec2 = context.aws().ec2();
        return Ec2Support.find(context, ADDRESS, knownId, "vpc",
                () -> ec2.describeVpcs(r -> r.filters(Ec2Support.stackFilter(context))).vpcs(),
                Vpc::vpcId, Vpc::tags, id -> describe(ec2, id)).map(v -> live(ec2, v));
    }

    private static Optional<Vpc> describe(Ec2Client ec2, String id) {
        return ec2.describeVpcs(r -> r.vpcIds(id)).vpcs().stream().findFirst();
    }

    private static Live live(Ec2Client ec2, Vpc vpc) {
        String dnsSupport = Ec2Support.bool(ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId())
                .attribute(VpcAttributeName.ENABLE_DNS_SUPPORT)).enableDnsSupport().value());
        String dnsHostnames = Ec2Support.bool(ec2.describeVpcAttribute(r -> r.vpcId(vpc.vpcId())
                .attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES)).enableDnsHostnames().value());
        return Live.of(vpc.vpcId(), Map.of("id", vpc.vpcId(), "cidr", vpc.cidrBlock()),
                Map.of("cidr", vpc.cidrBlock(), "dnsSupport", dnsSupport, "dnsHostnames", dnsHostnames));
    }

    @Override
    public Live create(Context context) {
        Ec2Client ec2 = context.aws().ec2();
        Vpc vpc = ec2.createVpc(r -> r.cidrBlock(settings.cidr())
                .tagSpecifications(Ec2Support.tagSpecification(context, ADDRESS, ResourceType.VPC))).vpc();
        Poll.until(context, ADDRESS, "VPC " + vpc.vpcId() + " to become available", Duration.ofMinutes(5),
                () -> Ec2Support.byId(i -> ec2.describeVpcs(r -> r.vpcIds(i)).vpcs().stream().findFirst(), vpc.vpcId())
                        .filter(v -> v.state() == VpcState.AVAILABLE));
        setDns(ec2, vpc.vpcId(), true, true);
        return Live.of(vpc.vpcId(), Map.of("id", vpc.vpcId(), "cidr", vpc.cidrBlock()),
                Map.of("cidr", vpc.cidrBlock(), "dnsSupport", "true", "dnsHostnames", "true"));
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("cidr", settings.cidr(), "dnsSupport", String.valueOf(settings.dnsSupport()),
                "dnsHostnames", String.valueOf(settings.dnsHostnames()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("cidr");
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        Ec2Client ec2 = context.aws().ec2();
        boolean support = differences.stream().anyMatch(d -> d.field().equals("dnsSupport"));
        boolean hostnames = differences.stream().anyMatch(d -> d.field().equals("dnsHostnames"));
        setDns(ec2, live.physicalId(), support, hostnames);
        return Ec2Support.byId(id -> describe(ec2, id), live.physicalId()).map(v -> live(ec2, v)).orElse(live);
    }

    /** One attribute per call: ModifyVpcAttribute accepts only one at a time. */
    private void setDns(Ec2Client ec2, String vpcId, boolean support, boolean hostnames) {
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
    public void delete(Context context, Live live) {
        Ec2Support.deleteWhenFree(context, ADDRESS, "VPC " + live.physicalId(),
                () -> context.aws().ec2().deleteVpc(r -> r.vpcId(live.physicalId())));
    }
}
