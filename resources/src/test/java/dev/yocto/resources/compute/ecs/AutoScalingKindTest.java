package dev.yocto.resources.compute.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;

@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("ECS and Application Auto Scaling answer 501 on LocalStack's community runtime")
class AutoScalingKindTest {

    private static final String STACK = "scaletest";
    private static final String RESOURCE_ID = "service/scaletest/backend";
    private final ServiceFixture fixture;
    private final ApplicationAutoScalingClient scaling;

    AutoScalingKindTest(AwsEmulator emulator) {
        fixture = new ServiceFixture(emulator, STACK);
        scaling = fixture.elb.aws().autoScaling();
    }

    @Test
    void create_scalesTheServiceBetweenDesiredAndMaxCount_trackingCpuAt60Percent() {
        Context context = fixture.withService();
        Live live = Runs.converge(context, fixture.autoScaling(), Optional.empty());

        ScalableTarget target = target().orElseThrow();
        assertThat(target.minCapacity()).as("min").isEqualTo(1);
        assertThat(target.maxCapacity()).as("max").isEqualTo(4);
        ScalingPolicy policy = policy().orElseThrow();
        assertThat(policy.policyName()).isEqualTo("scaletest-cpu");
        assertThat(policy.policyType()).isEqualTo(PolicyType.TARGET_TRACKING_SCALING);
        var tracking = policy.targetTrackingScalingPolicyConfiguration();
        assertThat(tracking.predefinedMetricSpecification().predefinedMetricType())
                .isEqualTo(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION);
        assertThat(tracking.targetValue()).isEqualTo(60.0);
        assertThat(tracking.scaleInCooldown()).isEqualTo(60);
        assertThat(tracking.scaleOutCooldown()).isEqualTo(60);
        assertThat(live.physicalId()).isEqualTo(RESOURCE_ID);

        fixture.elb.calls.clear();
        Context second = fixture.withService();
        Live again = Runs.observe(second, fixture.autoScaling(), Optional.of(live.physicalId())).orElseThrow();
        assertThat(Runs.diff(second, fixture.autoScaling(), again)).as("differences on a second run").isEmpty();
        assertThat(fixture.elb.calls.mutating()).as("mutating calls on a second run").isEmpty();
        Runs.delete(second, fixture.autoScaling(), again);
    }

    @Test
    void outOfBandChanges_areDifferences_andUpdateRestoresThem() {
        Runs.converge(fixture.withService(), fixture.autoScaling(), Optional.empty());
        scaling.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(RESOURCE_ID)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(1).maxCapacity(10));
        scaling.putScalingPolicy(r -> r.policyName("scaletest-cpu").serviceNamespace(ServiceNamespace.ECS)
                .resourceId(RESOURCE_ID).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING).targetTrackingScalingPolicyConfiguration(c -> c
                        .predefinedMetricSpecification(m -> m.predefinedMetricType(
                                MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))
                        .targetValue(80.0).scaleInCooldown(60).scaleOutCooldown(60)));

        Context context = fixture.withService();
        Live drifted = Runs.observe(context, fixture.autoScaling(), Optional.empty()).orElseThrow();
        assertThat(Runs.diff(context, fixture.autoScaling(), drifted)).extracting(Difference::field)
                .containsExactlyInAnyOrder("maxCapacity", "policy");

        Runs.converge(context, fixture.autoScaling(), Optional.of(RESOURCE_ID));
        assertThat(target().orElseThrow().maxCapacity()).isEqualTo(4);
        assertThat(policy().orElseThrow().targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(60.0);
        Live restored = Runs.observe(context, fixture.autoScaling(), Optional.of(RESOURCE_ID)).orElseThrow();
        Runs.delete(context, fixture.autoScaling(), restored);
    }

    @Test
    void teardown_inReverseDependencyOrder_leavesNothingBehind() {
        Context provisioned = fixture.withService();
        Runs.converge(provisioned, fixture.autoScaling(), Optional.empty());
        Map<Desired<?>, String> state = new LinkedHashMap<>();
        for (Desired<?> resource : List.<Desired<?>>of(fixture.autoScaling(), fixture.service(), fixture.elb.httpListener(),
                fixture.elb.httpsListener(), fixture.elb.loadBalancer(), fixture.elb.targetGroup())) {
            state.put(resource, provisioned.dependency(resource.address()).physicalId());
        }

        Context teardown = fixture.elb.context();
        state.forEach((resource, id) -> {
            Live live = Runs.observe(teardown, resource, Optional.of(id)).orElseThrow();
            Runs.delete(teardown, resource, live);
            assertThat(Runs.observe(teardown, resource, Optional.of(id))).as(resource.address() + " after delete").isEmpty();
        });

        assertThat(target()).as("scalable target").isEmpty();
        assertThat(fixture.ecs.describeServices(r -> r.cluster(STACK).services("backend")).services().get(0).status())
                .isEqualTo("INACTIVE");
        String lbArn = provisioned.dependency(ComputeLayer.LOAD_BALANCER).physicalId();
        assertThatThrownBy(() -> fixture.elb.aws().elbv2().describeLoadBalancers(r -> r.loadBalancerArns(lbArn)))
                .isInstanceOf(LoadBalancerNotFoundException.class);
        assertThat(fixture.elb.aws().elbv2().describeTargetGroups().targetGroups()).as("target groups").isEmpty();
    }

    @Test
    void observeWithoutStateOrResolvedService_findsTheTargetWhereTheStacksServiceIs() {
        Runs.converge(fixture.withService(), fixture.autoScaling(), Optional.empty());
        Context teardownWithoutState = fixture.elb.context();

        Live found = Runs.observe(teardownWithoutState, fixture.autoScaling(), Optional.empty()).orElseThrow();
        Live service = Runs.observe(teardownWithoutState, fixture.service(), Optional.empty()).orElseThrow();

        assertThat(found.physicalId()).isEqualTo(RESOURCE_ID);
        assertThat(service.attribute("name")).isEqualTo("backend");
        Runs.delete(teardownWithoutState, fixture.autoScaling(), found);
    }

    private Optional<ScalableTarget> target() {
        return scaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceIds(RESOURCE_ID)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)).scalableTargets().stream().findFirst();
    }

    private Optional<ScalingPolicy> policy() {
        return scaling.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(RESOURCE_ID))
                .scalingPolicies().stream().findFirst();
    }
}
