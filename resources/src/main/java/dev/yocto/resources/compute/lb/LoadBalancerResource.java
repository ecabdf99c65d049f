package dev.yocto.resources.compute.lb;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.topology.NetworkLayer.Tier;
import dev.yocto.resources.topology.NetworkLayer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;

/**
 * The application load balancer in front of the service: internet-facing, in the two public
 * subnets, with the {@code alb} security group, named {@link LoadBalancerNames#loadBalancer}. IPv4
 * only, because the VPC has no IPv6 range ({@code dualstack} needs one on every subnet).
 *
 * <p>Create waits until it is {@code active}. Delete waits until it is gone and then until its
 * network interfaces are released: they keep the public subnets and the {@code alb} security group
 * in use for minutes after the load balancer itself.
 */
public final class LoadBalancerResource implements Resource {

    public static final String ARN = "arn";
    public static final String DNS_NAME = "dnsName";
    public static final String CANONICAL_HOSTED_ZONE_ID = "canonicalHostedZoneId";
    private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(10);
    private static final String DELETION_PROTECTION = "deletion_protection.enabled";

    public record Settings(String scheme, String type, String ipAddressType) {
    }

    private static final List<Address> SUBNETS = List.of(NetworkLayer.subnet(Tier.PUBLIC, 0),
            NetworkLayer.subnet(Tier.PUBLIC, 1));

    private final Address address;
    private final Settings settings = new Settings("internet-facing", "application", "ipv4");

    public LoadBalancerResource(Address address) {
        this.address = address;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "elbv2:load-balancer";
    }

    @Override
    public Set<Address> dependencies() {
        // The internet gateway too: CreateLoadBalancer refuses an internet-facing load balancer in a
        // VPC without an attached one (InvalidSubnet), and a scheduler that starts work as soon as
        // it can would otherwise get there first.
        return Set.of(SUBNETS.get(0), SUBNETS.get(1), NetworkLayer.SG_ALB, NetworkLayer.INTERNET_GATEWAY);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    /** By the ARN in state, else by its name, which is derived from the stack. */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Optional<LoadBalancer> found = knownId.flatMap(arn -> ElbSupport.loadBalancerByArn(elb, arn));
        if (found.isEmpty()) {
            String name = LoadBalancerNames.loadBalancer(context.stack());
            found = ElbSupport.loadBalancerByName(elb, name);
            found.ifPresent(lb -> ElbSupport.requireOurs(context, address, "load balancer " + name,
                    ElbSupport.tagsOf(elb, lb.loadBalancerArn())));
        }
        return found.map(lb -> live(elb, lb));
    }

    private static Live live(ElasticLoadBalancingV2Client elb, LoadBalancer lb) {
        Map<String, String> observed = new HashMap<>();
        observed.put("scheme", lb.schemeAsString());
        observed.put("type", lb.typeAsString());
        observed.put("ipAddressType", lb.ipAddressTypeAsString());
        observed.put("subnets", ElbSupport.sorted(lb.availabilityZones().stream().map(AvailabilityZone::subnetId)
                .toList()));
        observed.put("securityGroups", ElbSupport.sorted(lb.securityGroups()));
        observed.put("tags", Tags.ours(ElbSupport.tagsOf(elb, lb.loadBalancerArn())));
        observed.put("state", lb.state() == null ? "unknown" : lb.state().codeAsString());
        return new Live(lb.loadBalancerArn(), lb.loadBalancerArn(), Map.of(ARN, lb.loadBalancerArn(),
                DNS_NAME, lb.dnsName(), CANONICAL_HOSTED_ZONE_ID, lb.canonicalHostedZoneId()), observed);
    }

    private List<String> subnets(Context context) {
        return SUBNETS.stream().map(subnet -> context.dependency(subnet).attribute("id")).toList();
    }

    private String securityGroup(Context context) {
        return context.dependency(NetworkLayer.SG_ALB).attribute("id");
    }

    /** CreateLoadBalancer is idempotent by name and settings: a retry after a lost answer returns the same one. */
    @Override
    public Live create(Context context) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        String name = LoadBalancerNames.loadBalancer(context.stack());
        LoadBalancer created = elb.createLoadBalancer(r -> r.name(name).subnets(subnets(context))
                .securityGroups(securityGroup(context)).scheme(settings.scheme()).type(settings.type())
                .ipAddressType(settings.ipAddressType()).tags(ElbSupport.tags(context, address)))
                .loadBalancers().get(0);
        context.report(address, "waiting for load balancer " + name + " to become active");
        LoadBalancer active = Poll.until(context, address, "load balancer " + name + " to become active",
                ACTIVE_TIMEOUT, () -> ElbSupport.loadBalancerByArn(elb, created.loadBalancerArn())
                        .filter(lb -> lb.state() != null && lb.state().code() == LoadBalancerStateEnum.ACTIVE));
        return live(elb, active);
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("scheme", settings.scheme(), "type", settings.type(), "ipAddressType", settings.ipAddressType(),
                "subnets", ElbSupport.sorted(subnets(context)), "securityGroups", securityGroup(context),
                "tags", Tags.ours(context.tags(address)));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("scheme", "type");
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        String arn = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("subnets")) {
            elb.setSubnets(r -> r.loadBalancerArn(arn).subnets(subnets(context)));
        }
        if (fields.contains("securityGroups")) {
            elb.setSecurityGroups(r -> r.loadBalancerArn(arn).securityGroups(securityGroup(context)));
        }
        if (fields.contains("ipAddressType")) {
            elb.setIpAddressType(r -> r.loadBalancerArn(arn).ipAddressType(settings.ipAddressType()));
        }
        if (fields.contains("tags")) {
            elb.addTags(r -> r.resourceArns(arn).tags(ElbSupport.tags(context, address)));
        }
        return ElbSupport.loadBalancerByArn(elb, arn).map(lb -> live(elb, lb)).orElse(live);
    }

    /**
     * Deletes it (its listeners go with it), then waits until its network interfaces are released.
     * Deletion protection, which yocto never turns on, is turned off first if someone did.
     */
    @Override
    public void delete(Context context, Live live) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        String arn = live.physicalId();
        try {
            if (deletionProtected(elb, arn)) {
                context.report(address, "turning off the load balancer's deletion protection, which was turned on by hand");
                elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(LoadBalancerAttribute.builder()
                        .key(DELETION_PROTECTION).value("false").build()));
            }
            elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn));
        } catch (LoadBalancerNotFoundException e) {
            // already gone
        }
        Poll.until(context, address, "load balancer " + arn + " to be deleted", RELEASE_TIMEOUT,
                () -> ElbSupport.loadBalancerByArn(elb, arn).isEmpty() ? Optional.of(true) : Optional.empty());
        String description = interfaceDescription(arn);
        context.report(address, "waiting for the load balancer's network interfaces to be released");
        Poll.until(context, address, "network interfaces '" + description + "' to be released", RELEASE_TIMEOUT,
                () -> context.aws().ec2().describeNetworkInterfaces(r -> r.filters(Filter.builder()
                        .name("description").values(description).build())).networkInterfaces().isEmpty()
                        ? Optional.of(true) : Optional.empty());
    }

    private static boolean deletionProtected(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn)).attributes().stream()
                .anyMatch(a -> DELETION_PROTECTION.equals(a.key()) && "true".equalsIgnoreCase(a.value()));
    }

    /** ELBv2 names its ENIs {@code ELB app/<name>/<id>}, the tail of the load balancer's ARN. */
    static String interfaceDescription(String arn) {
        return "ELB " + arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
    }
}
