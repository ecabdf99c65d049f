package dev.yocto.resources.compute.lb;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
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

/**
 * The application load balancer in front of the service: internet-facing, in the two public
 * subnets, with the {@code alb} security group, named {@link LoadBalancerNames#loadBalancer}. IPv4
 * only, because the VPC has no IPv6 range ({@code dualstack} needs one on every subnet).
 *
 * <p>It drops requests whose header fields are not valid HTTP ({@code
 * routing.http.drop_invalid_header_fields.enabled}; off by default on AWS): a header the ALB would
 * otherwise pass on to the app unchanged, and that a proxy and the app might read differently, is a
 * request-smuggling risk.
 *
 * <p>Create returns while it is still {@code provisioning}. Delete waits until it is gone and then until its
 * network interfaces are released: they keep the public subnets and the {@code alb} security group
 * in use for minutes after the load balancer itself.
 */
public final class LoadBalancerKind implements Kind<LoadBalancerKind.Settings> {

    public static final String ID = "elbv2:load-balancer";
    public static final LoadBalancerKind KIND = new LoadBalancerKind();
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    public static final Output<String> DNS_NAME = Output.attribute(ID, "dnsName");
    public static final Output<String> CANONICAL_HOSTED_ZONE_ID = Output.attribute(ID, "canonicalHostedZoneId");
    private static final Duration KNOWN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(10);
    private static final String DELETION_PROTECTION = "deletion_protection.enabled";
    private static final String DROP_INVALID_HEADERS = "routing.http.drop_invalid_header_fields.enabled";

    /**
     * @param internetGatewayId the VPC's internet gateway, only waited for: CreateLoadBalancer refuses
     *                          an internet-facing load balancer in a VPC without an attached one
     *                          (InvalidSubnet), and a scheduler that starts work as soon as it can
     *                          would otherwise get there first
     */
    public record Settings(String scheme, String type, String ipAddressType, List<Ref<String>> subnetIds,
                           Ref<String> securityGroupId, Ref<String> internetGatewayId) {

        public Settings {
            subnetIds = List.copyOf(subnetIds);
        }

        /** Internet-facing, application, IPv4 only. */
        public static Settings internetFacing(List<Ref<String>> subnetIds, Ref<String> securityGroupId,
                                              Ref<String> internetGatewayId) {
            return new Settings("internet-facing", "application", "ipv4", subnetIds, securityGroupId,
                    internetGatewayId);
        }
    }

    private LoadBalancerKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** By the ARN in state, else by its name, which is derived from the stack. */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Optional<LoadBalancer> found = knownId.flatMap(arn -> ElbSupport.loadBalancerByArn(elb, arn));
        if (found.isEmpty()) {
            String name = LoadBalancerNames.loadBalancer(context.stack());
            found = ElbSupport.loadBalancerByName(elb, name);
            found.ifPresent(lb -> Tags.requireOurs(context.stack(), address, "load balancer " + name,
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
        Map<String, String> attributes = elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                .attributes().stream().collect(Collectors.toMap(LoadBalancerAttribute::key,
                        a -> String.valueOf(a.value()), (a, b) -> a));
        observed.put("dropInvalidHeaderFields", attributes.getOrDefault(DROP_INVALID_HEADERS, "false"));
        observed.put("deletionProtection", attributes.getOrDefault(DELETION_PROTECTION, "false"));
        return new Live(lb.loadBalancerArn(), lb.loadBalancerArn(), Map.of(ARN.name(), lb.loadBalancerArn(),
                DNS_NAME.name(), lb.dnsName(), CANONICAL_HOSTED_ZONE_ID.name(), lb.canonicalHostedZoneId()), observed);
    }

    private static List<String> subnets(Context context, Settings settings) {
        return settings.subnetIds().stream().map(context::value).toList();
    }

    private static String securityGroup(Context context, Settings settings) {
        return context.value(settings.securityGroupId());
    }

    /** CreateLoadBalancer is idempotent by name and settings: a retry after a lost answer returns the same one. */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Settings settings = desired.settings();
        Address address = desired.address();
        String name = LoadBalancerNames.loadBalancer(context.stack());
        LoadBalancer created = elb.createLoadBalancer(r -> r.name(name).subnets(subnets(context, settings))
                .securityGroups(securityGroup(context, settings)).scheme(settings.scheme()).type(settings.type())
                .ipAddressType(settings.ipAddressType()).tags(ElbSupport.tags(context, address)))
                .loadBalancers().get(0);
        dropInvalidHeaderFields(elb, created.loadBalancerArn());
        // Not waited to "active" (issue 12): the listeners need only its ARN and the alias records its
        // DNSName and CanonicalHostedZoneId, all in CreateLoadBalancer's answer; the ECS service's
        // deployment waits until its tasks pass this load balancer's health checks, which it runs only
        // once active, so a provision still ends with it serving. Read back only until describe knows it.
        return Poll.until(context, address, "load balancer " + name + " to be known", KNOWN_TIMEOUT,
                () -> ElbSupport.loadBalancerByArn(elb, created.loadBalancerArn()).map(lb -> live(elb, lb)));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        return Map.of("scheme", settings.scheme(), "type", settings.type(), "ipAddressType", settings.ipAddressType(),
                "subnets", ElbSupport.sorted(subnets(context, settings)), "securityGroups",
                securityGroup(context, settings), "dropInvalidHeaderFields", "true",
                "tags", Tags.ours(context.tags(desired.address())));
    }

    private static void dropInvalidHeaderFields(ElasticLoadBalancingV2Client elb, String arn) {
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(LoadBalancerAttribute.builder()
                .key(DROP_INVALID_HEADERS).value("true").build()));
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("scheme", "type");
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Settings settings = desired.settings();
        String arn = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("subnets")) {
            elb.setSubnets(r -> r.loadBalancerArn(arn).subnets(subnets(context, settings)));
        }
        if (fields.contains("securityGroups")) {
            elb.setSecurityGroups(r -> r.loadBalancerArn(arn).securityGroups(securityGroup(context, settings)));
        }
        if (fields.contains("ipAddressType")) {
            elb.setIpAddressType(r -> r.loadBalancerArn(arn).ipAddressType(settings.ipAddressType()));
        }
        if (fields.contains("dropInvalidHeaderFields")) {
            dropInvalidHeaderFields(elb, arn);
        }
        if (fields.contains("tags")) {
            elb.addTags(r -> r.resourceArns(arn).tags(ElbSupport.tags(context, desired.address())));
        }
        return ElbSupport.loadBalancerByArn(elb, arn).map(lb -> live(elb, lb)).orElse(live);
    }

    /**
     * Deletes it (its listeners go with it), then waits until its network interfaces are released.
     * Refuses while deletion protection is on: yocto never turns it on, so someone did on purpose,
     * and as for the database it is theirs to turn off.
     */
    @Override
    public void delete(Context context, Address address, Live live) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        String arn = live.physicalId();
        if ("true".equals(live.observed().get("deletionProtection"))) {
            throw new ResourceException(address, "load balancer " + arn + " has deletion protection on (yocto never "
                    + "turns it on); to delete it, turn it off: aws elbv2 modify-load-balancer-attributes "
                    + "--load-balancer-arn " + arn + " --attributes Key=" + DELETION_PROTECTION + ",Value=false"
                    + " --region " + context.region() + ", then tear down again");
        }
        try {
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

    /** ELBv2 names its ENIs {@code ELB app/<name>/<id>}, the tail of the load balancer's ARN. */
    static String interfaceDescription(String arn) {
        return "ELB " + arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
    }
}
