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
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * The target group of the service's tasks: HTTP on port 80 to task IPs ({@code awsvpc} networking),
 * health-checked on {@code /api/v1/health/} expecting 200. A check every 15 s with two passes to
 * be healthy makes a new task healthy in about 30 s instead of the default 150 s, which every
 * deployment waits for. Deregistration takes 30 s instead of 300 s, so deployments and teardown
 * are not held up by draining connections that an API answering in milliseconds does not have.
 */
public final class TargetGroupKind implements Kind<TargetGroupKind.Settings> {

    public static final String ID = "elbv2:target-group";
    public static final TargetGroupKind KIND = new TargetGroupKind();
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    /** The backend's health endpoint (DESIGN §7): answers 200 without touching the database. */
    public static final String HEALTH_CHECK_PATH = "/api/v1/health/";
    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";
    private static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(5);

    public record Settings(String protocol, int port, String targetType, String healthCheckProtocol,
                           String healthCheckPort, String healthCheckPath, String matcher, int healthCheckIntervalSeconds,
                           int healthCheckTimeoutSeconds, int healthyThreshold, int unhealthyThreshold,
                           int deregistrationDelaySeconds, Ref<String> vpcId) {

        /** HTTP on port 80 to task IPs, checked every 15 s on the health path, 30 s deregistration. */
        public static Settings tasks(Ref<String> vpcId) {
            return new Settings("HTTP", 80, "ip", "HTTP", "traffic-port", HEALTH_CHECK_PATH, "200", 15, 5, 2, 3, 30,
                    vpcId);
        }
    }

    private static final Set<String> HEALTH_CHECK_FIELDS = Set.of("healthCheckProtocol", "healthCheckPort",
            "healthCheckPath", "matcher", "healthCheckInterval", "healthCheckTimeout", "healthyThreshold",
            "unhealthyThreshold");

    private TargetGroupKind() {
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
        Optional<TargetGroup> found = knownId.flatMap(arn -> byArn(elb, arn));
        if (found.isEmpty()) {
            String name = LoadBalancerNames.targetGroup(context.stack());
            found = byName(elb, name);
            found.ifPresent(group -> Tags.requireOurs(context.stack(), address, "target group " + name,
                    ElbSupport.tagsOf(elb, group.targetGroupArn())));
        }
        return found.map(group -> live(elb, group));
    }

    private static Optional<TargetGroup> byArn(ElasticLoadBalancingV2Client elb, String arn) {
        try {
            return elb.describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups().stream().findFirst();
        } catch (TargetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<TargetGroup> byName(ElasticLoadBalancingV2Client elb, String name) {
        try {
            return elb.describeTargetGroups(r -> r.names(name)).targetGroups().stream().findFirst();
        } catch (TargetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Live live(ElasticLoadBalancingV2Client elb, TargetGroup group) {
        String arn = group.targetGroupArn();
        Map<String, String> attributes = elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes()
                .stream().collect(Collectors.toMap(TargetGroupAttribute::key, a -> String.valueOf(a.value()),
                        (a, b) -> a));
        Map<String, String> observed = new HashMap<>();
        observed.put("protocol", group.protocolAsString());
        observed.put("port", String.valueOf(group.port()));
        observed.put("targetType", group.targetTypeAsString());
        observed.put("vpc", group.vpcId());
        observed.put("healthCheckProtocol", group.healthCheckProtocolAsString());
        observed.put("healthCheckPort", group.healthCheckPort());
        observed.put("healthCheckPath", group.healthCheckPath());
        observed.put("matcher", group.matcher() == null ? "none" : group.matcher().httpCode());
        observed.put("healthCheckInterval", String.valueOf(group.healthCheckIntervalSeconds()));
        observed.put("healthCheckTimeout", String.valueOf(group.healthCheckTimeoutSeconds()));
        observed.put("healthyThreshold", String.valueOf(group.healthyThresholdCount()));
        observed.put("unhealthyThreshold", String.valueOf(group.unhealthyThresholdCount()));
        observed.put("deregistrationDelay", attributes.getOrDefault(DEREGISTRATION_DELAY, "unknown"));
        observed.put("tags", Tags.ours(ElbSupport.tagsOf(elb, arn)));
        return new Live(arn, arn, Map.of(ARN.name(), arn), observed);
    }

    /** CreateTargetGroup is idempotent by name and settings: a retry after a lost answer returns the same one. */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Settings settings = desired.settings();
        TargetGroup created = elb.createTargetGroup(r -> r.name(LoadBalancerNames.targetGroup(context.stack()))
                .protocol(settings.protocol()).port(settings.port()).targetType(settings.targetType())
                .vpcId(context.value(settings.vpcId()))
                .healthCheckEnabled(true).healthCheckProtocol(settings.healthCheckProtocol())
                .healthCheckPort(settings.healthCheckPort()).healthCheckPath(settings.healthCheckPath())
                .matcher(m -> m.httpCode(settings.matcher()))
                .healthCheckIntervalSeconds(settings.healthCheckIntervalSeconds())
                .healthCheckTimeoutSeconds(settings.healthCheckTimeoutSeconds())
                .healthyThresholdCount(settings.healthyThreshold())
                .unhealthyThresholdCount(settings.unhealthyThreshold())
                .tags(ElbSupport.tags(context, desired.address()))).targetGroups().get(0);
        setDeregistrationDelay(elb, settings, created.targetGroupArn());
        return live(elb, byArn(elb, created.targetGroupArn()).orElse(created));
    }

    private static void setDeregistrationDelay(ElasticLoadBalancingV2Client elb, Settings settings, String arn) {
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(TargetGroupAttribute.builder()
                .key(DEREGISTRATION_DELAY).value(String.valueOf(settings.deregistrationDelaySeconds())).build()));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> resource) {
        Settings settings = resource.settings();
        Map<String, String> desired = new HashMap<>();
        desired.put("protocol", settings.protocol());
        desired.put("port", String.valueOf(settings.port()));
        desired.put("targetType", settings.targetType());
        desired.put("vpc", context.value(settings.vpcId()));
        desired.put("healthCheckProtocol", settings.healthCheckProtocol());
        desired.put("healthCheckPort", settings.healthCheckPort());
        desired.put("healthCheckPath", settings.healthCheckPath());
        desired.put("matcher", settings.matcher());
        desired.put("healthCheckInterval", String.valueOf(settings.healthCheckIntervalSeconds()));
        desired.put("healthCheckTimeout", String.valueOf(settings.healthCheckTimeoutSeconds()));
        desired.put("healthyThreshold", String.valueOf(settings.healthyThreshold()));
        desired.put("unhealthyThreshold", String.valueOf(settings.unhealthyThreshold()));
        desired.put("deregistrationDelay", String.valueOf(settings.deregistrationDelaySeconds()));
        desired.put("tags", Tags.ours(context.tags(resource.address())));
        return desired;
    }

    @Override
    public Set<String> replacedOnChange() {
        return Set.of("protocol", "port", "targetType", "vpc");
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Settings settings = desired.settings();
        String arn = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.stream().anyMatch(HEALTH_CHECK_FIELDS::contains)) {
            elb.modifyTargetGroup(r -> r.targetGroupArn(arn).healthCheckEnabled(true)
                    .healthCheckProtocol(settings.healthCheckProtocol()).healthCheckPort(settings.healthCheckPort())
                    .healthCheckPath(settings.healthCheckPath()).matcher(m -> m.httpCode(settings.matcher()))
                    .healthCheckIntervalSeconds(settings.healthCheckIntervalSeconds())
                    .healthCheckTimeoutSeconds(settings.healthCheckTimeoutSeconds())
                    .healthyThresholdCount(settings.healthyThreshold())
                    .unhealthyThresholdCount(settings.unhealthyThreshold()));
        }
        if (fields.contains("deregistrationDelay")) {
            setDeregistrationDelay(elb, settings, arn);
        }
        if (fields.contains("tags")) {
            elb.addTags(r -> r.resourceArns(arn).tags(ElbSupport.tags(context, desired.address())));
        }
        return byArn(elb, arn).map(group -> live(elb, group)).orElse(live);
    }

    /** Runs after the listeners that forward to it (graph order); AWS may report it in use for a moment longer. */
    @Override
    public void delete(Context context, Address address, Live live) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Poll.until(context, address, "target group " + live.physicalId() + " to be out of use", IN_USE_TIMEOUT, () -> {
            try {
                elb.deleteTargetGroup(r -> r.targetGroupArn(live.physicalId()));
                return Optional.of(true);
            } catch (TargetGroupNotFoundException e) {
                return Optional.of(true);
            } catch (ResourceInUseException e) {
                return Optional.empty();
            }
        });
    }
}
