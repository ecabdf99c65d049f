package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** An internet gateway, attached to a VPC. */
public final class InternetGatewayKind extends Ec2Kind<InternetGatewayKind.Settings, InternetGateway> {

    public static final String ID = "ec2:internet-gateway";
    public static final Output<String> GATEWAY_ID = Output.attribute(ID, "id");

    public record Settings(Ref<String> vpcId) {
    }

    private static final Ec2Listing<InternetGateway> LISTING = new Ec2Listing<>(ID,
            context -> context.aws().ec2().describeInternetGateways(r -> r.filters(Ec2Support.stackFilter(context)))
                    .internetGateways(),
            InternetGateway::internetGatewayId, InternetGateway::tags,
            (context, id) -> context.aws().ec2().describeInternetGateways(r -> r.internetGatewayIds(id))
                    .internetGateways().stream().findFirst());

    /** Made after {@code LISTING}, which its constructor takes. */
    public static final InternetGatewayKind KIND = new InternetGatewayKind();

    private InternetGatewayKind() {
        super(LISTING);
    }

    @Override
    Live live(Context context, InternetGateway gateway) {
        return live(gateway);
    }

    private static Live live(InternetGateway gateway) {
        String attachedTo = gateway.attachments().stream().map(InternetGatewayAttachment::vpcId).findFirst()
                .orElse("none");
        return live(gateway.internetGatewayId(), attachedTo);
    }

    private static Live live(String id, String attachedTo) {
        return Live.of(id, Map.of("id", id), Map.of("attachedTo", attachedTo));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        Ec2Client ec2 = context.aws().ec2();
        InternetGateway gateway = ec2.createInternetGateway(r -> r.tagSpecifications(
                Ec2Support.tagSpecification(context, desired.address(), ResourceType.INTERNET_GATEWAY)))
                .internetGateway();
        String vpcId = context.value(desired.settings().vpcId());
        Ec2Support.whenKnown(context, desired.address(), "internet gateway " + gateway.internetGatewayId()
                + " to attach", () -> ec2.attachInternetGateway(r -> r.internetGatewayId(gateway.internetGatewayId())
                .vpcId(vpcId)));
        return live(gateway.internetGatewayId(), vpcId);
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("attachedTo", context.value(desired.settings().vpcId()));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        Ec2Client ec2 = context.aws().ec2();
        String current = live.observed().get("attachedTo");
        if (!"none".equals(current)) {
            ec2.detachInternetGateway(r -> r.internetGatewayId(live.physicalId()).vpcId(current));
        }
        ec2.attachInternetGateway(r -> r.internetGatewayId(live.physicalId())
                .vpcId(context.value(desired.settings().vpcId())));
        return LISTING.reread(context, live.physicalId()).map(InternetGatewayKind::live).orElse(live);
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        Ec2Client ec2 = context.aws().ec2();
        String attachedTo = live.observed().get("attachedTo");
        if (attachedTo != null && !"none".equals(attachedTo)) {
            // Detaching fails while public addresses (NAT gateways' EIPs) are still mapped in the VPC.
            Ec2Support.deleteWhenFree(context, address, "internet gateway " + live.physicalId() + " detachment",
                    () -> ec2.detachInternetGateway(r -> r.internetGatewayId(live.physicalId()).vpcId(attachedTo)));
        }
        Ec2Support.deleteWhenFree(context, address, "internet gateway " + live.physicalId(),
                () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(live.physicalId())));
    }
}
