package dev.yocto.resources.compute.lb;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * A listener of the load balancer, in one of two shapes: {@link #https} terminates TLS 1.2+ with the
 * regional certificate and forwards to the target group; {@link #http} answers every request with
 * a permanent redirect to the same URL on HTTPS.
 */
public final class ListenerResource implements Resource {

    public static final String ARN = "arn";
    /** TLS 1.3 and 1.2 only, forward-secret ciphers: AWS's recommended policy for HTTPS listeners. */
    public static final String SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    /** {@code sslPolicy} is empty for HTTP; {@code forward} false means redirect to HTTPS. */
    public record Settings(String protocol, int port, String sslPolicy, boolean forward) {
    }

    private final Address address;
    private final Settings settings;
    private final Address loadBalancer;
    private final Optional<Address> targetGroup;
    private final Optional<Address> certificate;

    private ListenerResource(Address address, Settings settings, Address loadBalancer, Optional<Address> targetGroup,
                             Optional<Address> certificate) {
        this.address = address;
        this.settings = settings;
        this.loadBalancer = loadBalancer;
        this.targetGroup = targetGroup;
        this.certificate = certificate;
    }

    /** HTTPS on 443 with the certificate's {@code arn}, forwarding to the target group. */
    public static ListenerResource https(Address address, Address loadBalancer, Address targetGroup,
                                         Address certificate) {
        return new ListenerResource(address, new Settings("HTTPS", 443, SSL_POLICY, true), loadBalancer,
                Optional.of(targetGroup), Optional.of(certificate));
    }

    /** HTTP on 80, redirecting with 301 to HTTPS on 443, keeping host, path and query. */
    public static ListenerResource http(Address address, Address loadBalancer) {
        return new ListenerResource(address, new Settings("HTTP", 80, "", false), loadBalancer, Optional.empty(),
                Optional.empty());
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "elbv2:listener";
    }

    @Override
    public Set<Address> dependencies() {
        Set<Address> dependencies = new LinkedHashSet<>();
        dependencies.add(loadBalancer);
        targetGroup.ifPresent(dependencies::add);
        certificate.ifPresent(dependencies::add);
        return dependencies;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    private boolean isHttps() {
        return settings.protocol().equals("HTTPS");
    }

    /**
     * By the ARN in state, else among the listeners of the load balancer (resolved in this run, or
     * found by its name) by port.
     */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Optional<Listener> found = knownId.flatMap(arn -> byArn(elb, arn));
        if (found.isEmpty()) {
            Optional<String> balancer = context.resolved(loadBalancer).map(Live::physicalId)
                    .or(() -> ElbSupport.loadBalancerByName(elb, LoadBalancerNames.loadBalancer(context.stack()))
                            .map(lb -> lb.loadBalancerArn()));
            found = balancer.flatMap(arn -> byPort(elb, arn, settings.port()));
        }
        return found.map(listener -> live(elb, listener));
    }

    private static Optional<Listener> byArn(ElasticLoadBalancingV2Client elb, String arn) {
        try {
            return elb.describeListeners(r -> r.listenerArns(arn)).listeners().stream().findFirst();
        } catch (ListenerNotFoundException | LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<Listener> byPort(ElasticLoadBalancingV2Client elb, String loadBalancerArn, int port) {
        try {
            return elb.describeListeners(r -> r.loadBalancerArn(loadBalancerArn)).listeners().stream()
                    .filter(listener -> listener.port() != null && listener.port() == port).findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    private Live live(ElasticLoadBalancingV2Client elb, Listener listener) {
        Map<String, String> observed = new HashMap<>();
        observed.put("protocol", listener.protocolAsString());
        observed.put("port", String.valueOf(listener.port()));
        if (isHttps()) {
            observed.put("certificate", listener.certificates().stream().map(Certificate::certificateArn)
                    .sorted().collect(Collectors.joining(",")));
            observed.put("sslPolicy", String.valueOf(listener.sslPolicy()));
        }
        observed.put("defaultAction", describe(listener.defaultActions()));
        observed.put("tags", Tags.ours(ElbSupport.tagsOf(elb, listener.listenerArn())));
        return new Live(listener.listenerArn(), listener.listenerArn(), Map.of(ARN, listener.listenerArn()), observed);
    }

    /** Actions as comparable text: {@code forward:<arn>} or {@code redirect:HTTPS:443:#{host}:/#{path}:#{query}:HTTP_301}. */
    static String describe(List<Action> actions) {
        return actions.stream().map(ListenerResource::describe).collect(Collectors.joining(";"));
    }

    private static String describe(Action action) {
        if (action.type() == ActionTypeEnum.FORWARD) {
            List<String> groups = action.targetGroupArn() != null ? List.of(action.targetGroupArn())
                    : action.forwardConfig() == null ? List.of()
                    : action.forwardConfig().targetGroups().stream().map(TargetGroupTuple::targetGroupArn).toList();
            return "forward:" + String.join(",", groups);
        }
        if (action.type() == ActionTypeEnum.REDIRECT && action.redirectConfig() != null) {
            RedirectActionConfig redirect = action.redirectConfig();
            return String.join(":", "redirect", redirect.protocol(), redirect.port(), redirect.host(), redirect.path(),
                    redirect.query(), redirect.statusCodeAsString());
        }
        return action.typeAsString();
    }

    private Action defaultAction(Context context) {
        if (settings.forward()) {
            return Action.builder().type(ActionTypeEnum.FORWARD)
                    .targetGroupArn(context.dependency(targetGroup.orElseThrow()).attribute(TargetGroupResource.ARN))
                    .build();
        }
        return Action.builder().type(ActionTypeEnum.REDIRECT).redirectConfig(r -> r.protocol("HTTPS").port("443")
                .host("#{host}").path("/#{path}").query("#{query}")
                .statusCode(RedirectActionStatusCodeEnum.HTTP_301)).build();
    }

    private Optional<String> certificateArn(Context context) {
        return certificate.map(c -> context.dependency(c).attribute("arn"));
    }

    /** CreateListener is idempotent for the same settings: a retry after a lost answer returns the same one. */
    @Override
    public Live create(Context context) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Listener created = elb.createListener(r -> {
            r.loadBalancerArn(context.dependency(loadBalancer).physicalId()).protocol(settings.protocol())
                    .port(settings.port()).defaultActions(defaultAction(context)).tags(ElbSupport.tags(context, address));
            if (isHttps()) {
                r.sslPolicy(settings.sslPolicy())
                        .certificates(Certificate.builder().certificateArn(certificateArn(context).orElseThrow()).build());
            }
        }).listeners().get(0);
        return live(elb, created);
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        Map<String, String> desired = new HashMap<>();
        desired.put("protocol", settings.protocol());
        desired.put("port", String.valueOf(settings.port()));
        if (isHttps()) {
            desired.put("certificate", certificateArn(context).orElseThrow());
            desired.put("sslPolicy", settings.sslPolicy());
        }
        desired.put("defaultAction", describe(List.of(defaultAction(context))));
        desired.put("tags", Tags.ours(context.tags(address)));
        return desired;
    }

    /** Everything but the tags changes with one ModifyListener; tags with AddTags. */
    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        String arn = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.stream().anyMatch(field -> !field.equals("tags"))) {
            elb.modifyListener(r -> {
                r.listenerArn(arn).protocol(ProtocolEnum.fromValue(settings.protocol())).port(settings.port())
                        .defaultActions(defaultAction(context));
                if (isHttps()) {
                    r.sslPolicy(settings.sslPolicy()).certificates(Certificate.builder()
                            .certificateArn(certificateArn(context).orElseThrow()).build());
                }
            });
        }
        if (fields.contains("tags")) {
            elb.addTags(r -> r.resourceArns(arn).tags(ElbSupport.tags(context, address)));
        }
        return byArn(elb, arn).map(listener -> live(elb, listener)).orElse(live);
    }

    @Override
    public void delete(Context context, Live live) {
        try {
            context.aws().elbv2().deleteListener(r -> r.listenerArn(live.physicalId()));
        } catch (ListenerNotFoundException e) {
            // already gone, or went with its load balancer
        }
    }
}
