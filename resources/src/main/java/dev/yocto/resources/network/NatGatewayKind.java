package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** A public NAT gateway in a subnet, with its Elastic IP. */
public final class NatGatewayKind extends Ec2Kind<NatGatewayKind.Settings, NatGateway> {

    public static final String ID = "ec2:nat-gateway";
    public static final Output<String> GATEWAY_ID = Output.attribute(ID, "id");

    /**
     * @param internetGatewayId not part of the create call: the VPC's internet gateway must be
     *                          attached before a public NAT gateway can route anything out
     */
    public record Settings(Ref<String> subnetId, Ref<String> allocationId, Ref<String> internetGatewayId) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final Set<NatGatewayState> GONE = Set.of(NatGatewayState.DELETED, NatGatewayState.DELETING,
            NatGatewayState.FAILED);

    // moto ignores tag: filters here and lists deleted gateways: both are filtered client-side.
    private static final Ec2Listing<NatGateway> LISTING = new Ec2Listing<>(ID,
            context -> context.aws().ec2().describeNatGatewaysPaginator(r -> r.filter(Ec2Support.stackFilter(context)))
                    .natGateways().stream().filter(n -> !GONE.contains(n.state())).toList(),
            NatGateway::natGatewayId, NatGateway::tags,
            (context, id) -> context.aws().ec2().describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream()
                    .filter(n -> !GONE.contains(n.state())).findFirst());

    /** Made after {@code LISTING}, which its constructor takes. */
    public static final NatGatewayKind KIND = new NatGatewayKind();

    private NatGatewayKind() {
        super(LISTING);
    }

    @Override
    Live live(Context context, NatGateway nat) {
        return live(nat);
    }

    private static Live live(NatGateway nat) {
        String allocation = nat.natGatewayAddresses().stream().map(NatGatewayAddress::allocationId).findFirst()
                .orElse("none");
        return Live.of(nat.natGatewayId(), Map.of("id", nat.natGatewayId()),
                Map.of("subnet", nat.subnetId(), "allocation", allocation));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Ec2Client ec2 = context.aws().ec2();
        Address address = desired.address();
        String subnetId = context.value(desired.settings().subnetId());
        String allocationId = context.value(desired.settings().allocationId());
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
                        throw new ResourceException(address, "NAT gateway " + nat.natGatewayId() + " failed: "
                                + current.failureMessage());
                    }
                    return Optional.of(current).filter(n -> n.state() == NatGatewayState.AVAILABLE);
                });
        return live(available);
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("subnet", context.value(desired.settings().subnetId()),
                "allocation", context.value(desired.settings().allocationId()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("subnet", "allocation");
    }

    @Override
    public void delete(Context context, Address address, Live live) {
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
