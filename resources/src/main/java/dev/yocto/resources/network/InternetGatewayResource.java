package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The internet gateway, attached to the VPC. */
public final class InternetGatewayResource implements Resource {

    public static final Address ADDRESS = Address.of("network/internet-gateway");

    @Override
    public Address address() {
        return ADDRESS;
    }

    @Override
    public String kind() {
        return "ec2:internet-gateway";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(VpcResource.ADDRESS);
    }

    @Override
    public Object settings() {
        return "attached";
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Ec2Client ec2 = context.aws().ec2();
        return Ec2Support.find(context, ADDRESS, knownId, "internet-gateway",
                () -> ec2.describeInternetGateways(r -> r.filters(Ec2Support.stackFilter(context))).internetGateways(),
                InternetGateway::internetGatewayId, InternetGateway::tags, id -> describe(ec2, id))
                .map(InternetGatewayResource::live);
    }

    private static Optional<InternetGateway> describe(Ec2Client ec2, String id) {
        return ec2.describeInternetGateways(r -> r.internetGatewayIds(id)).internetGateways().stream().findFirst();
    }

    private static Live live(InternetGateway gateway) {
        String attachedTo = gateway.attachments().stream().map(InternetGatewayAttachment::vpcId).findFirst()
                .orElse("none");
        return Live.of(gateway.internetGatewayId(), Map.of("id", gateway.internetGatewayId()),
                Map.of("attachedTo", attachedTo));
    }

    @Override
    public Live create(Context context) {
        Ec2Client ec2 = context.aws().ec2();
        InternetGateway gateway = ec2.createInternetGateway(r -> r.tagSpecifications(
                Ec2Support.tagSpecification(context, ADDRESS, ResourceType.INTERNET_GATEWAY))).internetGateway();
        String vpcId = vpcId(context);
        ec2.attachInternetGateway(r -> r.internetGatewayId(gateway.internetGatewayId()).vpcId(vpcId));
        return Live.of(gateway.internetGatewayId(), Map.of("id", gateway.internetGatewayId()),
                Map.of("attachedTo", vpcId));
    }

    private static String vpcId(Context context) {
        return context.dependency(VpcResource.ADDRESS).physicalId();
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("attachedTo", vpcId(context));
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        Ec2Client ec2 = context.aws().ec2();
        String current = live.observed().get("attachedTo");
        if (!"none".equals(current)) {
            ec2.detachInternetGateway(r -> r.internetGatewayId(live.physicalId()).vpcId(current));
        }
        ec2.attachInternetGateway(r -> r.internetGatewayId(live.physicalId()).vpcId(vpcId(context)));
        return Ec2Support.byId(id -> describe(ec2, id), live.physicalId()).map(InternetGatewayResource::live)
                .orElse(live);
    }

    @Override
    public void delete(Context context, Live live) {
        Ec2Client ec2 = context.aws().ec2();
        String attachedTo = live.observed().get("attachedTo");
        if (attachedTo != null && !"none".equals(attachedTo)) {
            // Detaching fails while public addresses (NAT gateways' EIPs) are still mapped in the VPC.
            Ec2Support.deleteWhenFree(context, ADDRESS, "internet gateway " + live.physicalId() + " detachment",
                    () -> ec2.detachInternetGateway(r -> r.internetGatewayId(live.physicalId()).vpcId(attachedTo)));
        }
        Ec2Support.deleteWhenFree(context, ADDRESS, "internet gateway " + live.physicalId(),
                () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(live.physicalId())));
    }
}
