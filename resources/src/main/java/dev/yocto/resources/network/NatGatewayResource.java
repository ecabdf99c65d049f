package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** A NAT gateway in a public subnet with its Elastic IP. */
public final class NatGatewayResource implements Resource {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final Set<NatGatewayState> GONE = Set.of(NatGatewayState.DELETED, NatGatewayState.DELETING,
            NatGatewayState.FAILED);

    private final Address address;
    private final Address subnet;
    private final Address elasticIp;

    public NatGatewayResource(Address address, Address subnet, Address elasticIp) {
        this.address = address;
        this.subnet = subnet;
        this.elasticIp = elasticIp;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "ec2:nat-gateway";
    }

    @Override
    public Set<Address> dependencies() {
        // The internet gateway must be attached before the NAT gateway can route anything out.
        return Set.of(subnet, elasticIp, InternetGatewayResource.ADDRESS);
    }

    @Override
    public Object settings() {
        return subnet + "|" + elasticIp;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Ec2Client ec2 = context.aws().ec2();
        // moto ignores tag: filters here and lists deleted gateways: both are filtered client-side.
        return Ec2Support.find(context, address, knownId, "nat-gateway",
                        () -> ec2.describeNatGatewaysPaginator(r -> r.filter(Ec2Support.stackFilter(context)))
                                .natGateways().stream().filter(n -> !GONE.contains(n.state())
                                        && context.stack().equals(Ec2Support.asMap(n.tags()).get(
                                                dev.yocto.resources.api.Tags.STACK))).toList(),
                        NatGateway::natGatewayId, NatGateway::tags,
                        id -> ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream()
                                .filter(n -> !GONE.contains(n.state())).findFirst())
                .map(NatGatewayResource::live);
    }

    private static Live live(NatGateway nat) {
        String allocation = nat.natGatewayAddresses().stream().map(NatGatewayAddress::allocationId).findFirst()
                .orElse("none");
        return Live.of(nat.natGatewayId(), Map.of("id", nat.natGatewayId()),
                Map.of("subnet", nat.subnetId(), "allocation", allocation));
    }

    @Override
    public Live create(Context context) {
        Ec2Client ec2 = context.aws().ec2();
        String subnetId = context.dependency(subnet).physicalId();
        String allocationId = context.dependency(elasticIp).physicalId();
        NatGateway nat = ec2.createNatGateway(r -> r.subnetId(subnetId).allocationId(allocationId)
                .clientToken(context.idempotencyToken(address, subnetId, allocationId))
                .tagSpecifications(Ec2Support.tagSpecification(context, address, ResourceType.NATGATEWAY)))
                .natGateway();
        context.report(address, "waiting for NAT gateway " + nat.natGatewayId() + " (AWS takes a few minutes)");
        NatGateway available = Poll.until(context, address, "NAT gateway " + nat.natGatewayId() + " to become available",
                TIMEOUT, () -> {
                    NatGateway current = ec2.describeNatGateways(r -> r.natGatewayIds(nat.natGatewayId()))
                            .natGateways().get(0);
                    if (current.state() == NatGatewayState.FAILED) {
                        throw new dev.yocto.resources.api.ResourceException(address, "NAT gateway "
                                + nat.natGatewayId() + " failed: " + current.failureMessage());
                    }
                    return Optional.of(current).filter(n -> n.state() == NatGatewayState.AVAILABLE);
                });
        return live(available);
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("subnet", context.dependency(subnet).physicalId(),
                "allocation", context.dependency(elasticIp).physicalId());
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("subnet", "allocation");
    }

    @Override
    public void delete(Context context, Live live) {
        Ec2Client ec2 = context.aws().ec2();
        ec2.deleteNatGateway(r -> r.natGatewayId(live.physicalId()));
        // Its network interface and address mapping go only once it is deleted: wait for that so the
        // Elastic IP, subnet and internet gateway can follow.
        Poll.until(context, address, "NAT gateway " + live.physicalId() + " to be deleted", TIMEOUT,
                () -> Ec2Support.byId(i -> ec2.describeNatGateways(r -> r.natGatewayIds(i)).natGateways().stream()
                                .findFirst(), live.physicalId())
                        .map(n -> n.state() == NatGatewayState.DELETED ? Optional.of(true) : Optional.<Boolean>empty())
                        .orElse(Optional.of(true)));
    }
}
