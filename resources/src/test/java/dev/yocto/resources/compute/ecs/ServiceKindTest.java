package dev.yocto.resources.compute.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.AwsClients;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.topology.NetworkLayer.Tier;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.NetworkLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;

@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("ECS and ELBv2 answer 501 on LocalStack's community runtime")
class ServiceKindTest {

    private static final String STACK = "svctest";
    private final AwsEmulator emulator;
    private final ServiceFixture fixture;

    ServiceKindTest(AwsEmulator emulator) {
        this.emulator = emulator;
        fixture = new ServiceFixture(emulator, STACK);
    }

    @AfterEach
    void deleteService() {
        Context context = fixture.elb.context();
        Runs.observe(context, fixture.service(), Optional.empty()).ifPresent(live -> Runs.delete(context, fixture.service(), live));
    }

    @Test
    void create_runsTheTaskDefinitionInThePrivateSubnets_withoutPublicIp_behindTheTargetGroup() {
        Context context = fixture.withService();
        Live live = context.dependency(ComputeLayer.SERVICE);

        Service service = describe();
        assertThat(service.status()).isEqualTo("ACTIVE");
        assertThat(service.taskDefinition()).as("task definition").isEqualTo(fixture.taskDefinitionArn());
        assertThat(service.desiredCount()).as("desired count").isEqualTo(1);
        AwsVpcConfiguration network = service.networkConfiguration().awsvpcConfiguration();
        assertThat(network.subnets()).as("subnets").containsExactlyInAnyOrder(
                id(context, NetworkLayer.subnet(Tier.PRIVATE, 0)), id(context, NetworkLayer.subnet(Tier.PRIVATE, 1)));
        assertThat(network.securityGroups()).as("security groups").containsExactly(id(context, NetworkLayer.SG_APP));
        assertThat(network.assignPublicIp()).as("public IP").isEqualTo(AssignPublicIp.DISABLED);
        assertThat(service.loadBalancers()).singleElement().satisfies(lb -> {
            assertThat(lb.targetGroupArn()).isEqualTo(context.dependency(ComputeLayer.TARGET_GROUP).attribute("arn"));
            assertThat(lb.containerName()).isEqualTo("app");
            assertThat(lb.containerPort()).isEqualTo(80);
        });
        assertThat(service.propagateTags()).isEqualTo(PropagateTags.SERVICE);
        assertThat(service.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value)))
                .containsEntry(Tags.STACK, STACK).containsEntry(Tags.RESOURCE, "compute/ecs/service");
        assertThat(live.attributes()).containsEntry("name", "backend").containsEntry("arn", service.serviceArn())
                .containsEntry("cluster", STACK);
    }

    @Test
    void secondRun_withAndWithoutState_noDifferences_noMutatingCalls() {
        String arn = fixture.withService().dependency(ComputeLayer.SERVICE).physicalId();
        Context second = fixture.upstream();
        fixture.elb.calls.clear();

        Live byState = Runs.observe(second, fixture.service(), Optional.of(arn)).orElseThrow();
        Live byName = Runs.observe(second, fixture.service(), Optional.empty()).orElseThrow();

        assertThat(byName.physicalId()).isEqualTo(arn);
        assertThat(Runs.diff(second, fixture.service(), byState)).as("differences").isEmpty();
        assertThat(fixture.elb.calls.mutating()).as("mutating calls").isEmpty();
    }

    @Test
    void desiredCountWithinTheScalingRange_isInSync_outsideItIsDrift_andUpdateBringsItToTheNearestBound() {
        fixture.withService();

        setDesiredCount(3);
        Context scaled = fixture.upstream();
        assertThat(Runs.diff(scaled, fixture.service(), observe(scaled))).as("auto scaling moved it to 3").isEmpty();

        setDesiredCount(0);
        Context drifted = fixture.upstream();
        assertThat(Runs.diff(drifted, fixture.service(), observe(drifted))).as("set to 0 by hand")
                .containsExactly(new Difference("desiredCount", "1..4", "0", false));
        fixture.elb.calls.clear();
        Runs.converge(drifted, fixture.service(), Optional.empty());
        assertThat(describe().desiredCount()).as("restored to the lower bound").isEqualTo(1);
        assertThat(fixture.elb.calls.mutating()).containsExactly("UpdateService");

        setDesiredCount(9);
        Runs.converge(fixture.upstream(), fixture.service(), Optional.empty());
        assertThat(describe().desiredCount()).as("brought down to the upper bound").isEqualTo(4);
    }

    @Test
    void newTaskDefinitionRevision_isExactlyOneUpdateService() {
        fixture.withService();
        String revision2 = fixture.registerRevision("yoctogram:2").taskDefinitionArn();
        Context context = fixture.upstream();
        fixture.elb.calls.clear();

        Runs.converge(context, fixture.service(), Optional.empty());

        assertThat(fixture.elb.calls.mutating()).as("mutating calls").containsExactly("UpdateService");
        assertThat(describe().taskDefinition()).isEqualTo(revision2);
        assertThat(Runs.diff(fixture.upstream(), fixture.service(), observe(fixture.upstream()))).isEmpty();
    }

    @Test
    void againstAws_theDeploymentSettingsAreCompared_whichMotoDropsFromCreateService() {
        fixture.withService();
        Context asOnAws = fixture.upstream(Emulation.NONE);

        assertThat(Runs.diff(asOnAws, fixture.service(), observe(asOnAws))).extracting(Difference::field)
                .containsExactlyInAnyOrder("healthCheckGracePeriod", "deploymentConfiguration",
                        "capacityProviderStrategy");
        Map<String, String> desired = Runs.desiredFields(asOnAws, fixture.service());
        assertThat(desired).containsEntry("deploymentConfiguration",
                        "circuitBreaker=true,rollback=true,minimumHealthyPercent=100,maximumPercent=200")
                .containsEntry("capacityProviderStrategy", "FARGATE:base=1:weight=1")
                .containsEntry("healthCheckGracePeriod", "60");
    }

    @Test
    void spotWeight_addsFargateSpotBehindAFargateBaseOfOne() {
        Context context = fixture.upstream(Emulation.NONE);
        Desired<?> withSpot = fixture.service(1, 4, 3);

        assertThat(Runs.desiredFields(context, withSpot)).containsEntry("capacityProviderStrategy",
                "FARGATE:base=1:weight=1,FARGATE_SPOT:base=0:weight=3");
    }

    @Test
    void delete_scalesToZero_deletes_andWaitsUntilInactive() {
        Live live = fixture.withService().dependency(ComputeLayer.SERVICE);
        fixture.elb.calls.clear();

        Runs.delete(fixture.elb.context(), fixture.service(), live);

        assertThat(describe().status()).isEqualTo("INACTIVE");
        assertThat(fixture.elb.calls.mutating()).containsExactly("UpdateService", "DeleteService");
        assertThat(Runs.observe(fixture.elb.context(), fixture.service(), Optional.of(live.physicalId()))).isEmpty();
    }

    @Test
    void create_whereDeploymentsAdvance_pollsTheDeploymentUntilItIsCompleted() {
        Context context = fixture.upstream(advancingDeployments());
        fixture.elb.calls.clear();

        Runs.converge(context, fixture.service(), Optional.empty());

        List<String> calls = fixture.elb.calls.all();
        assertThat(calls.subList(calls.indexOf("CreateService"), calls.size())).as("the deployment read back")
                .contains("DescribeServices");
        assertThat(fixture.elb.reports).anyMatch(line -> line.matches(
                "compute/ecs/service: deployment ecs-svc/\\d+: 1 of 1 tasks running, 0 pending"));
    }

    @Test
    void onTheEmulator_aDeploymentMotoNeverCompletes_isReportedNotWaitedFor() {
        Desired<?> twoTasks = fixture.service(2, 4, 0);
        long started = System.nanoTime();

        Runs.converge(fixture.upstream(), twoTasks, Optional.empty());

        assertThat(System.nanoTime() - started).as("no wait").isLessThan(java.time.Duration.ofSeconds(10).toNanos());
        assertThat(fixture.elb.reports).anyMatch(line -> line.contains("stays IN_PROGRESS"));
        assertThat(describe().desiredCount()).isEqualTo(2);
    }

    @Test
    void aFailedDeployment_isADifference_triedAgainWithOneForcedUpdateService() {
        Context first = fixture.withService();
        String failedId = primaryDeployment().id();
        Context second = fixture.upstream();
        Live observed = observe(second);
        Map<String, String> withFailedRollout = new java.util.HashMap<>(observed.observed());
        withFailedRollout.put("rollout", "FAILED");
        Live failed = new Live(observed.physicalId(), observed.arn(), observed.attributes(), withFailedRollout);
        List<Difference> differences = Runs.diff(second, fixture.service(), failed);
        assertThat(differences).containsExactly(new Difference("rollout", "COMPLETED", "FAILED", false));
        fixture.elb.calls.clear();

        Live after = Runs.update(second, fixture.service(), failed, differences);

        assertThat(fixture.elb.calls.mutating()).containsExactly("UpdateService");
        assertThat(primaryDeployment().id()).as("a new deployment").isNotEqualTo(failedId);
        assertThat(after.observed()).containsEntry("rollout", "COMPLETED");
        assertThat(first.dependency(ComputeLayer.SERVICE).observed()).containsEntry("rollout", "COMPLETED");
    }

    @Test
    void aDeploymentStillInProgress_isADifference_thatIsWaitedForWithoutAnyChange() {
        Desired<?> twoTasks = fixture.service(2, 4, 0);
        Runs.converge(fixture.upstream(), twoTasks, Optional.empty());
        Context second = fixture.upstream();
        Live live = Runs.observe(second, twoTasks, Optional.empty()).orElseThrow();
        assertThat(Runs.diff(second, twoTasks, live)).as("moto keeps a deployment of 2 tasks IN_PROGRESS")
                .containsExactly(new Difference("rollout", "COMPLETED", "IN_PROGRESS", false));
        fixture.elb.calls.clear();
        fixture.elb.reports.clear();

        Runs.converge(second, twoTasks, Optional.empty());

        assertThat(fixture.elb.calls.mutating()).as("mutating calls").isEmpty();
        assertThat(fixture.elb.reports).anyMatch(line -> line.contains("still in progress"))
                .anyMatch(line -> line.contains("stays IN_PROGRESS"));
    }

    @Test
    void eachCreate_hasANewClientToken() {
        List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution execution,
                                        ExecutionAttributes attributes) {
                if (execution.request() instanceof CreateServiceRequest request) {
                    tokens.add(request.clientToken());
                }
            }
        };
        AwsClients capturing = new AwsClients(emulator.region(), Optional.of(emulator.endpoint()),
                emulator.credentials(), List.of(capture));
        for (int run = 0; run < 2; run++) {
            Context upstream = fixture.upstream();
            Context context = new Context(STACK, emulator.region().id(), capturing, Emulation.EMULATOR, (a, m) -> { });
            // The fixture makes no NAT gateways or route tables: only waited for, their ids are never read.
            fixture.service().dependencies().forEach(d -> upstream.resolved(d).ifPresent(l -> context.resolve(d, l)));
            Live live = Runs.create(context, fixture.service());
            Runs.delete(context, fixture.service(), live);
        }

        assertThat(tokens).hasSize(2).doesNotHaveDuplicates().allMatch(token -> token.length() <= 36)
                .doesNotContain(fixture.elb.context().idempotencyToken(ComputeLayer.SERVICE));
    }

    @Test
    void aServiceOfTheSameNameThatIsNotTheStacks_isAConflictNotAnAdoption() {
        fixture.upstream();
        fixture.ecs.createService(r -> r.cluster(fixture.clusterName()).serviceName("backend")
                .taskDefinition(fixture.taskDefinitionArn()).desiredCount(0)
                .tags(Tag.builder().key(Tags.STACK).value("someone-else").build()));
        try {
            assertThatThrownBy(() -> Runs.observe(fixture.upstream(), fixture.service(), Optional.empty()))
                    .isInstanceOf(ResourceException.class).hasMessageContaining("not tagged yocto:stack=" + STACK)
                    .hasMessageContaining("someone-else");
        } finally {
            fixture.ecs.deleteService(r -> r.cluster(fixture.clusterName()).service("backend").force(true));
        }
    }

    private Deployment primaryDeployment() {
        return describe().deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElseThrow();
    }

    /** The emulator profile, but waiting for deployments as against AWS (moto completes one of a single task). */
    private static Emulation advancingDeployments() {
        return Emulation.EMULATOR.withAdvancingDeployments();
    }

    @Test
    void onlyAnInvalidParameterAboutAssumingARole_isWaitedOut() {
        assertThat(ServiceKind.isRolePropagation(invalidParameter("Unable to assume the service linked role. "
                + "Please verify that the ECS service linked role exists."))).isTrue();
        assertThat(ServiceKind.isRolePropagation(invalidParameter("Unable to assume role and validate the "
                + "specified targetGroupArn."))).isTrue();
        assertThat(ServiceKind.isRolePropagation(invalidParameter("subnets can not be empty."))).isFalse();
    }

    private static InvalidParameterException invalidParameter(String message) {
        return (InvalidParameterException) InvalidParameterException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterException").errorMessage(message)
                        .build()).build();
    }

    private Live observe(Context context) {
        return Runs.observe(context, fixture.service(), Optional.empty()).orElseThrow();
    }

    private void setDesiredCount(int count) {
        fixture.ecs.updateService(r -> r.cluster(fixture.clusterName()).service("backend").desiredCount(count));
    }

    private Service describe() {
        return fixture.ecs.describeServices(r -> r.cluster(fixture.clusterName()).services("backend")
                .include(ServiceField.TAGS)).services().get(0);
    }

    private static String id(Context context, dev.yocto.resources.api.Address address) {
        return context.dependency(address).attribute("id");
    }
}
