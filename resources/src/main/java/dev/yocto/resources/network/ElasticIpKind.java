package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.ResourceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
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

    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration AUTH_FAILURE_PATIENCE = Duration.ofMinutes(3);
    /** What AWS answers while the address is still held by a NAT gateway being deleted. */
    private static final Set<String> HELD = Set.of("InvalidIPAddress.InUse", "AuthFailure", "DependencyViolation");

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

    /**
     * Releases the address. Only {@code InvalidAllocationID.NotFound} means it is gone: any other
     * not-found is an error, never a reason to drop a billed address from state. Right after its NAT
     * gateway is deleted AWS answers {@code InvalidIPAddress.InUse} until the gateway is gone, and
     * then {@code AuthFailure} for a while
     * (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html): both are
     * waited out, AuthFailure for at most {@link #AUTH_FAILURE_PATIENCE} in case it is a real one.
     */
    @Override
    public void delete(Context context, Address address, Live live) {
        String id = live.physicalId();
        long started = System.nanoTime();
        Poll.until(context, address, "Elastic IP " + id + " to be released", RELEASE_TIMEOUT, () -> {
            try {
                context.aws().ec2().releaseAddress(r -> r.allocationId(id));
                return Optional.of(true);
            } catch (Ec2Exception e) {
                String code = Ec2Support.errorCode(e);
                boolean patient = !code.equals("AuthFailure")
                        || System.nanoTime() - started < AUTH_FAILURE_PATIENCE.toNanos();
                if (code.equals("InvalidAllocationID.NotFound")) {
                    return Optional.of(true);
                }
                if (HELD.contains(code) && patient) {
                    return Optional.empty();
                }
                throw new ResourceException(address, "releasing Elastic IP " + id + " failed: " + e.getMessage(), e);
            }
        });
    }
}
