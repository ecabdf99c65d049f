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
    /** Gateways made before giving up when each one fails (a failure is usually capacity or a limit). */
    private static final int CREATE_ATTEMPTS = 3;
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
        String token = context.idempotencyToken(address, subnetId, allocationId);
        for (int attempt = 1; ; attempt++) {
            String clientToken = token;
            NatGateway nat = ec2.createNatGateway(r -> r.subnetId(subnetId).allocationId(allocationId)
                    .clientToken(clientToken)
                    .tagSpecifications(Ec2Support.tagSpecification(context, address, ResourceType.NATGATEWAY)))
                    .natGateway();
            // Routes need only the id (CreateRoute retries its young not-found), but this wait stays:
            // a gateway fails while pending (no free address, a busy Elastic IP), and only a create
            // that sees it settle can replace it in the same run instead of leaving the private
            // subnets a blackhole route until the next one. It holds no worker and lies off the
            // critical path (the database's chain is minutes longer).
            context.report(address, "waiting for NAT gateway " + nat.natGatewayId() + " to become available");
            NatGateway settled = Poll.until(context, address, "NAT gateway " + nat.natGatewayId()
                    + " to become available", TIMEOUT, () -> ec2.describeNatGateways(r -> r.natGatewayIds(
                            nat.natGatewayId())).natGateways().stream()
                    .filter(n -> n.state() == NatGatewayState.AVAILABLE || n.state() == NatGatewayState.FAILED)
                    .findFirst());
            if (settled.state() == NatGatewayState.AVAILABLE) {
                return live(settled);
            }
            if (attempt == CREATE_ATTEMPTS) {
                throw new ResourceException(address, "NAT gateway " + nat.natGatewayId() + " failed: "
                        + settled.failureMessage() + " (" + attempt + " gateways made, all failed)");
            }
            // A failed gateway stays bound to its client token (AWS deletes it after about an hour): the
            // next create needs a token of its own, derived from the failed one so a rerun after a crash
            // finds the same replacement. It is deleted first so its Elastic IP is free for the next one.
            context.report(address, "NAT gateway " + nat.natGatewayId() + " failed (" + settled.failureMessage()
                    + "); making another");
            delete(context, address, live(settled));
            token = context.idempotencyToken(address, subnetId, allocationId, nat.natGatewayId());
        }
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
