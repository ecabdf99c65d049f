package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** An Elastic IP in the VPC domain (for a NAT gateway). */
public final class ElasticIpKind extends Ec2Kind<ElasticIpKind.Settings, software.amazon.awssdk.services.ec2.model.Address> {

    public static final String ID = "ec2:elastic-ip";
    public static final Output<String> ALLOCATION_ID = Output.attribute(ID, "id");

    /** Nothing to choose: the VPC domain is the only one a NAT gateway can use. */
    public record Settings() {
        @Override
        public String toString() {
            return "vpc"; // the settings hash older states hold
        }
    }

    private static final Ec2Listing<software.amazon.awssdk.services.ec2.model.Address> LISTING = new Ec2Listing<>(ID,
            context -> context.aws().ec2().describeAddresses(r -> r.filters(Ec2Support.stackFilter(context)))
                    .addresses(),
            software.amazon.awssdk.services.ec2.model.Address::allocationId,
            software.amazon.awssdk.services.ec2.model.Address::tags,
            (context, id) -> context.aws().ec2().describeAddresses(r -> r.allocationIds(id)).addresses().stream()
                    .findFirst());

    /** Made after {@code LISTING}, which its constructor takes. */
    public static final ElasticIpKind KIND = new ElasticIpKind();

    private ElasticIpKind() {
        super(LISTING);
    }

    @Override
    Live live(Context context, software.amazon.awssdk.services.ec2.model.Address address) {
        return live(address.allocationId(), address.publicIp(), address.domainAsString());
    }

    private static Live live(String allocationId, String publicIp, String domain) {
        return Live.of(allocationId, Map.of("id", allocationId, "publicIp", publicIp), Map.of("domain", domain));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        AllocateAddressResponse allocated = context.aws().ec2().allocateAddress(r -> r.domain(DomainType.VPC)
                .tagSpecifications(Ec2Support.tagSpecification(context, desired.address(), ResourceType.ELASTIC_IP)));
        return live(allocated.allocationId(), allocated.publicIp(), "vpc");
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("domain", "vpc");
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("domain");
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        Ec2Support.deleteWhenFree(context, address, "Elastic IP " + live.physicalId(),
                () -> context.aws().ec2().releaseAddress(r -> r.allocationId(live.physicalId())));
    }
}
