package dev.yocto.resources.compute.lb;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.api.Tags;
import java.util.HashMap;
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
 * A listener of the load balancer, in one of two shapes: {@link Settings#https} terminates TLS 1.2+
 * with the regional certificate and answers 403 to every request that no rule of it takes (the
 * {@link ListenerRuleKind} that forwards requests carrying CloudFront's secret origin header);
 * {@link Settings#http} answers every request with a permanent redirect to the same URL on HTTPS.
 */
public final class ListenerKind implements Kind<ListenerKind.Settings> {

    public static final String ID = "elbv2:listener";
    public static final ListenerKind KIND = new ListenerKind();
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    /** TLS 1.3 and 1.2 only, forward-secret ciphers: AWS's recommended policy for HTTPS listeners. */
    public static final String SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    /**
     * {@code sslPolicy} is empty for HTTP; with {@code targetGroupArn} it forwards there, else HTTPS
     * answers 403 and HTTP redirects to HTTPS. {@code certificateArn} is present for HTTPS.
     */
    public record Settings(String protocol, int port, String sslPolicy, Ref<String> loadBalancerArn,
                           Optional<Ref<String>> targetGroupArn, Optional<Ref<String>> certificateArn) {

        /** HTTPS on 443 with the certificate, answering 403 to what no rule takes. */
        public static Settings https(Ref<String> loadBalancerArn, Ref<String> certificateArn) {
            return new Settings("HTTPS", 443, SSL_POLICY, loadBalancerArn, Optional.empty(),
                    Optional.of(certificateArn));
        }

        /** HTTP on 80, redirecting with 301 to HTTPS on 443, keeping host, path and query. */
        public static Settings http(Ref<String> loadBalancerArn) {
            return new Settings("HTTP", 80, "", loadBalancerArn, Optional.empty(), Optional.empty());
        }

        boolean isHttps() {
            return protocol.equals("HTTPS");
        }
    }

    private ListenerKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * By the ARN in state, else among the listeners of the load balancer (resolved in this run, or
     * found by its name) by port.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        // The load balancer resolved in this run: its listeners, listed once for all of them.
        Optional<List<Listener>> ofBalancer = settings.flatMap(s -> context.valueIfResolved(s.loadBalancerArn()))
                .map(arn -> listenersOf(context, arn));
        Optional<Listener> found = knownId.flatMap(arn -> ofBalancer.flatMap(listeners -> listeners.stream()
                .filter(listener -> arn.equals(listener.listenerArn())).findFirst()).or(() -> byArn(elb, arn)));
        if (found.isEmpty() && settings.isPresent()) {
            Optional<String> balancer = context.valueIfResolved(settings.get().loadBalancerArn())
                    .or(() -> ElbSupport.loadBalancerByName(elb, LoadBalancerNames.loadBalancer(context.stack()))
                            .map(lb -> lb.loadBalancerArn()));
            found = balancer.flatMap(arn -> byPort(context, arn, settings.get().port()));
        }
        return found.map(listener -> live(listener, settings.map(Settings::isHttps)
                .orElse("HTTPS".equals(listener.protocolAsString())), ofBalancer.filter(listeners -> listeners
                        .contains(listener)).map(listeners -> tagsOf(context, listeners).get(listener.listenerArn()))
                .orElseGet(() -> ElbSupport.tagsOf(elb, listener.listenerArn()))));
    }

    private static Optional<Listener> byArn(ElasticLoadBalancingV2Client elb, String arn) {
        try {
            return elb.describeListeners(r -> r.listenerArns(arn)).listeners().stream().findFirst();
        } catch (ListenerNotFoundException | LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<Listener> byPort(Context context, String loadBalancerArn, int port) {
        return listenersOf(context, loadBalancerArn).stream()
                .filter(listener -> listener.port() != null && listener.port() == port).findFirst();
    }

    /** A load balancer's listeners (DescribeListeners by load balancer, every page), once per run. */
    private static List<Listener> listenersOf(Context context, String loadBalancerArn) {
        return context.listing(ID + ":" + loadBalancerArn, () -> {
            try {
                return context.aws().elbv2().describeListenersPaginator(r -> r.loadBalancerArn(loadBalancerArn))
                        .listeners().stream().toList();
            } catch (LoadBalancerNotFoundException e) {
                return List.of();
            }
        });
    }

    /** The tags of a load balancer's listeners, for all of them at once, once per run. */
    private static Map<String, Map<String, String>> tagsOf(Context context, List<Listener> listeners) {
        String balancer = listeners.get(0).loadBalancerArn();
        return context.listing(ID + ":tags:" + balancer, () -> ElbSupport.tagsOf(context.aws().elbv2(),
                listeners.stream().map(Listener::listenerArn).toList()));
    }

    private static Live live(ElasticLoadBalancingV2Client elb, Listener listener, boolean https) {
        return live(listener, https, ElbSupport.tagsOf(elb, listener.listenerArn()));
    }

    private static Live live(Listener listener, boolean https, Map<String, String> tags) {
        Map<String, String> observed = new HashMap<>();
        observed.put("protocol", listener.protocolAsString());
        observed.put("port", String.valueOf(listener.port()));
        if (https) {
            observed.put("certificate", listener.certificates().stream().map(Certificate::certificateArn)
                    .sorted().collect(Collectors.joining(",")));
            observed.put("sslPolicy", String.valueOf(listener.sslPolicy()));
        }
        observed.put("defaultAction", describe(listener.defaultActions()));
        observed.put("tags", Tags.ours(tags));
        return new Live(listener.listenerArn(), listener.listenerArn(), Map.of(ARN.name(), listener.listenerArn()),
                observed);
    }

    /**
     * Actions as comparable text: {@code forward:<arn>}, {@code fixed-response:403:text/plain} or
     * {@code redirect:HTTPS:443:#{host}:/#{path}:#{query}:HTTP_301}.
     */
    static String describe(List<Action> actions) {
        return actions.stream().map(ListenerKind::describe).collect(Collectors.joining(";"));
    }

    private static String describe(Action action) {
        if (action.type() == ActionTypeEnum.FORWARD) {
            List<String> groups = action.targetGroupArn() != null ? List.of(action.targetGroupArn())
                    : action.forwardConfig() == null ? List.of()
                    : action.forwardConfig().targetGroups().stream().map(TargetGroupTuple::targetGroupArn).toList();
            return "forward:" + String.join(",", groups);
        }
        if (action.type() == ActionTypeEnum.FIXED_RESPONSE && action.fixedResponseConfig() != null) {
            return "fixed-response:" + action.fixedResponseConfig().statusCode() + ":"
                    + action.fixedResponseConfig().contentType();
        }
        if (action.type() == ActionTypeEnum.REDIRECT && action.redirectConfig() != null) {
            RedirectActionConfig redirect = action.redirectConfig();
            return String.join(":", "redirect", redirect.protocol(), redirect.port(), redirect.host(), redirect.path(),
                    redirect.query(), redirect.statusCodeAsString());
        }
        return action.typeAsString();
    }

    private static Action defaultAction(Context context, Settings settings) {
        if (settings.targetGroupArn().isPresent()) {
            return Action.builder().type(ActionTypeEnum.FORWARD)
                    .targetGroupArn(context.value(settings.targetGroupArn().get())).build();
        }
        if (settings.isHttps()) {
            return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("403")
                    .contentType("text/plain").messageBody("Forbidden")).build();
        }
        return Action.builder().type(ActionTypeEnum.REDIRECT).redirectConfig(r -> r.protocol("HTTPS").port("443")
                .host("#{host}").path("/#{path}").query("#{query}")
                .statusCode(RedirectActionStatusCodeEnum.HTTP_301)).build();
    }

    private static Optional<String> certificateArn(Context context, Settings settings) {
        return settings.certificateArn().map(context::value);
    }

    /** CreateListener is idempotent for the same settings: a retry after a lost answer returns the same one. */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Settings settings = desired.settings();
        Listener created = elb.createListener(r -> {
            r.loadBalancerArn(context.value(settings.loadBalancerArn())).protocol(settings.protocol())
                    .port(settings.port()).defaultActions(defaultAction(context, settings))
                    .tags(ElbSupport.tags(context, desired.address()));
            if (settings.isHttps()) {
                r.sslPolicy(settings.sslPolicy()).certificates(Certificate.builder()
                        .certificateArn(certificateArn(context, settings).orElseThrow()).build());
            }
        }).listeners().get(0);
        context.forgetListings(ID + ":");
        return live(elb, created, settings.isHttps());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> resource) {
        Settings settings = resource.settings();
        Map<String, String> desired = new HashMap<>();
        desired.put("protocol", settings.protocol());
        desired.put("port", String.valueOf(settings.port()));
        if (settings.isHttps()) {
            desired.put("certificate", certificateArn(context, settings).orElseThrow());
            desired.put("sslPolicy", settings.sslPolicy());
        }
        desired.put("defaultAction", describe(List.of(defaultAction(context, settings))));
        desired.put("tags", Tags.ours(context.tags(resource.address())));
        return desired;
    }

    /** Everything but the tags changes with one ModifyListener; tags with AddTags. */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Settings settings = desired.settings();
        String arn = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.stream().anyMatch(field -> !field.equals("tags"))) {
            elb.modifyListener(r -> {
                r.listenerArn(arn).protocol(ProtocolEnum.fromValue(settings.protocol())).port(settings.port())
                        .defaultActions(defaultAction(context, settings));
                if (settings.isHttps()) {
                    r.sslPolicy(settings.sslPolicy()).certificates(Certificate.builder()
                            .certificateArn(certificateArn(context, settings).orElseThrow()).build());
                }
            });
        }
        if (fields.contains("tags")) {
            elb.addTags(r -> r.resourceArns(arn).tags(ElbSupport.tags(context, desired.address())));
        }
        context.forgetListings(ID + ":");
        return byArn(elb, arn).map(listener -> live(elb, listener, settings.isHttps())).orElse(live);
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        try {
            context.aws().elbv2().deleteListener(r -> r.listenerArn(live.physicalId()));
        } catch (ListenerNotFoundException e) {
            // already gone, or went with its load balancer
        }
        context.forgetListings(ID + ":");
    }
}
