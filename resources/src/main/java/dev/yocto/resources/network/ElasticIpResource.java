package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** An Elastic IP for a NAT gateway. */
public final class ElasticIpResource implements Resource {

    private final Address address;

    public ElasticIpResource(Address address) {
        this.address = address;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "ec2:elastic-ip";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of();
    }

    @Override
    public Object settings() {
        return "vpc";
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        Ec2Client ec2 = context.aws().ec2();
        return Ec2Support.find(context, address, knownId, "elastic-ip",
                        () -> ec2.describeAddresses(r -> r.filters(Ec2Support.stackFilter(context))).addresses(),
                        software.amazon.awssdk.services.ec2.model.Address::allocationId,
                        software.amazon.awssdk.services.ec2.model.Address::tags,
                        id -> ec2.describeAddresses(r -> r.allocationIds(id)).addresses().stream().findFirst())
                .map(a -> Live.of(a.allocationId(), Map.of("id", a.allocationId(), "publicIp", a.publicIp()),
                        Map.of("domain", a.domainAsString())));
    }

    @Override
    public Live create(Context context) {
        AllocateAddressResponse allocated = context.aws().ec2().allocateAddress(r -> r.domain(DomainType.VPC)
                .tagSpecifications(Ec2Support.tagSpecification(context, address, ResourceType.ELASTIC_IP)));
        return Live.of(allocated.allocationId(), Map.of("id", allocated.allocationId(), "publicIp",
                allocated.publicIp()), Map.of("domain", "vpc"));
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("domain", "vpc");
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("domain");
    }

    @Override
    public void delete(Context context, Live live) {
        Ec2Support.deleteWhenFree(context, address, "Elastic IP " + live.physicalId(),
                () -> context.aws().ec2().releaseAddress(r -> r.allocationId(live.physicalId())));
    }
}
