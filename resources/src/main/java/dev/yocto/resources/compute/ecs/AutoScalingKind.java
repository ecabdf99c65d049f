package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * Target-tracking auto scaling of the service's desired count between {@code desiredCount} and
 * {@code maxCount}, keeping the average CPU near 60 %. Its physical id is Application Auto
 * Scaling's resource id {@code service/<cluster>/<service>}; the policy is {@code <stack>-cpu}.
 * Tags go into the registration; they are not compared (the resource id already identifies it).
 */
public final class AutoScalingKind implements Kind<AutoScalingKind.Settings> {

    public static final String ID = "application-autoscaling:scalable-target";
    public static final AutoScalingKind KIND = new AutoScalingKind();
    public static final String RESOURCE_ID = "resourceId";
    private static final ServiceNamespace NAMESPACE = ServiceNamespace.ECS;
    private static final ScalableDimension DIMENSION = ScalableDimension.ECS_SERVICE_DESIRED_COUNT;
    private static final String NO_POLICY = "none";

    /** {@code serviceCluster} and {@code serviceName} are the scaled service's. */
    public record Settings(int minCapacity, int maxCapacity, double targetCpuPercent, int scaleInCooldownSeconds,
                           int scaleOutCooldownSeconds, Ref<String> serviceCluster, Ref<String> serviceName) {

        /** Between the service's desired and maximum count, keeping the average CPU near 60 %. */
        public static Settings cpu(int minCapacity, int maxCapacity, Ref<String> serviceCluster,
                                   Ref<String> serviceName) {
            return new Settings(minCapacity, maxCapacity, 60.0, 60, 60, serviceCluster, serviceName);
        }
    }

    private AutoScalingKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    static String policyName(Context context) {
        return context.stack() + "-cpu";
    }

    /** By the resource id in state, else the service's (resolved in this run, or where the service would be). */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        String resourceId = knownId.or(() -> settings.flatMap(s -> context.valueIfResolved(s.serviceCluster())
                        .flatMap(cluster -> context.valueIfResolved(s.serviceName())
                                .map(name -> ServiceLocation.scalingResourceId(cluster, name)))))
                .orElseGet(() -> ServiceLocation.scalingResourceId(ServiceLocation.defaultClusterName(context),
                        ServiceKind.SERVICE_NAME));
        return observe(context, resourceId);
    }

    private static Optional<Live> observe(Context context, String resourceId) {
        ApplicationAutoScalingClient scaling = context.aws().autoScaling();
        return scaling.describeScalableTargets(r -> r.serviceNamespace(NAMESPACE).resourceIds(resourceId)
                        .scalableDimension(DIMENSION)).scalableTargets().stream().findFirst()
                .map(target -> live(context, scaling, target));
    }

    private static Live live(Context context, ApplicationAutoScalingClient scaling, ScalableTarget target) {
        Optional<ScalingPolicy> policy = scaling.describeScalingPolicies(r -> r.serviceNamespace(NAMESPACE)
                        .resourceId(target.resourceId()).scalableDimension(DIMENSION).policyNames(policyName(context)))
                .scalingPolicies().stream().findFirst();
        Map<String, String> observed = new HashMap<>();
        observed.put("minCapacity", String.valueOf(target.minCapacity()));
        observed.put("maxCapacity", String.valueOf(target.maxCapacity()));
        observed.put("policy", policy.map(p -> describe(p.policyTypeAsString(),
                p.targetTrackingScalingPolicyConfiguration())).orElse(NO_POLICY));
        Map<String, String> attributes = new HashMap<>();
        attributes.put(RESOURCE_ID, target.resourceId());
        Optional.ofNullable(target.scalableTargetARN()).ifPresent(arn -> attributes.put("arn", arn));
        return new Live(target.resourceId(), target.scalableTargetARN(), attributes, observed);
    }

    private static String describe(String type, TargetTrackingScalingPolicyConfiguration configuration) {
        if (configuration == null) {
            return type;
        }
        String metric = configuration.predefinedMetricSpecification() == null ? "custom"
                : configuration.predefinedMetricSpecification().predefinedMetricTypeAsString();
        return type + ":" + metric + ":target=" + configuration.targetValue() + ":scaleIn="
                + configuration.scaleInCooldown() + ":scaleOut=" + configuration.scaleOutCooldown();
    }

    private static TargetTrackingScalingPolicyConfiguration policyConfiguration(Settings settings) {
        return TargetTrackingScalingPolicyConfiguration.builder()
                .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))
                .targetValue(settings.targetCpuPercent()).scaleInCooldown(settings.scaleInCooldownSeconds())
                .scaleOutCooldown(settings.scaleOutCooldownSeconds()).build();
    }

    private static String resourceId(Context context, Settings settings) {
        return ServiceLocation.scalingResourceId(context.value(settings.serviceCluster()),
                context.value(settings.serviceName()));
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        ApplicationAutoScalingClient scaling = context.aws().autoScaling();
        Settings settings = desired.settings();
        String resourceId = resourceId(context, settings);
        scaling.registerScalableTarget(r -> r.serviceNamespace(NAMESPACE).resourceId(resourceId)
                .scalableDimension(DIMENSION).minCapacity(settings.minCapacity()).maxCapacity(settings.maxCapacity())
                .tags(context.tags(desired.address())));
        putPolicy(context, settings, scaling, resourceId);
        return observe(context, resourceId).orElseThrow(() -> new IllegalStateException(
                "scalable target " + resourceId + " was registered but cannot be read back"));
    }

    private static void putPolicy(Context context, Settings settings, ApplicationAutoScalingClient scaling,
                                  String resourceId) {
        scaling.putScalingPolicy(r -> r.policyName(policyName(context)).serviceNamespace(NAMESPACE)
                .resourceId(resourceId).scalableDimension(DIMENSION).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(policyConfiguration(settings)));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        return Map.of("minCapacity", String.valueOf(settings.minCapacity()),
                "maxCapacity", String.valueOf(settings.maxCapacity()),
                "policy", describe(PolicyType.TARGET_TRACKING_SCALING.toString(), policyConfiguration(settings)));
    }

    /** A new service (other cluster) is a new scalable target. */
    @Override
    public Set<String> replacedOnChange() {
        return Set.of("resourceId");
    }

    @Override
    public List<Difference> diff(Context context, Desired<Settings> desired, Live live) {
        List<Difference> differences = new ArrayList<>(Kind.super.diff(context, desired, live));
        String desiredId = resourceId(context, desired.settings());
        if (!desiredId.equals(live.physicalId())) {
            differences.add(new Difference("resourceId", desiredId, live.physicalId(), true));
        }
        return differences;
    }

    /** RegisterScalableTarget updates the bounds of a registered target; PutScalingPolicy replaces the policy. */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        ApplicationAutoScalingClient scaling = context.aws().autoScaling();
        Settings settings = desired.settings();
        String resourceId = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("minCapacity") || fields.contains("maxCapacity")) {
            scaling.registerScalableTarget(r -> r.serviceNamespace(NAMESPACE).resourceId(resourceId)
                    .scalableDimension(DIMENSION).minCapacity(settings.minCapacity())
                    .maxCapacity(settings.maxCapacity()));
        }
        if (fields.contains("policy")) {
            putPolicy(context, settings, scaling, resourceId);
        }
        return observe(context, resourceId).orElse(live);
    }

    /** The policy first (it belongs to the target), then the target. */
    @Override
    public void delete(Context context, Address address, Live live) {
        ApplicationAutoScalingClient scaling = context.aws().autoScaling();
        String resourceId = live.physicalId();
        if (!NO_POLICY.equals(live.observed().get("policy"))) {
            try {
                scaling.deleteScalingPolicy(r -> r.policyName(policyName(context)).serviceNamespace(NAMESPACE)
                        .resourceId(resourceId).scalableDimension(DIMENSION));
            } catch (ObjectNotFoundException e) {
                // already gone
            }
        }
        try {
            scaling.deregisterScalableTarget(r -> r.serviceNamespace(NAMESPACE).resourceId(resourceId)
                    .scalableDimension(DIMENSION));
        } catch (ObjectNotFoundException e) {
            // already gone
        }
    }
}
