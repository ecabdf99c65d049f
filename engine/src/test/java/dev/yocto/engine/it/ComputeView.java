package dev.yocto.engine.it;

import dev.yocto.testkit.AwsEmulator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;

/** The compute layer of one stack as the emulator holds it, read with SDK clients of the test's own. */
final class ComputeView implements AutoCloseable {

    final EcsClient ecs;
    final ElasticLoadBalancingV2Client elbv2;
    final IamClient iam;
    final CloudWatchLogsClient logs;
    final EcrClient ecr;
    final ApplicationAutoScalingClient autoScaling;
    private final String stack;

    ComputeView(AwsEmulator emulator, String stack) {
        this.stack = stack;
        this.ecs = EcsClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).build();
        this.elbv2 = ElasticLoadBalancingV2Client.builder().endpointOverride(emulator.endpoint())
                .region(emulator.region()).credentialsProvider(emulator.credentials()).build();
        this.iam = IamClient.builder().endpointOverride(emulator.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(emulator.credentials()).build();
        this.logs = CloudWatchLogsClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).build();
        this.ecr = EcrClient.builder().endpointOverride(emulator.endpoint()).region(emulator.region())
                .credentialsProvider(emulator.credentials()).build();
        this.autoScaling = ApplicationAutoScalingClient.builder().endpointOverride(emulator.endpoint())
                .region(emulator.region()).credentialsProvider(emulator.credentials()).build();
    }

    String family() {
        return stack + "-backend";
    }

    List<String> activeClusters() {
        List<String> arns = ecs.listClusters().clusterArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return ecs.describeClusters(r -> r.clusters(arns).include(ClusterField.TAGS)).clusters().stream()
                .filter(c -> "ACTIVE".equals(c.status()) && c.clusterName().equals(stack)).map(c -> c.clusterArn())
                .toList();
    }

    List<String> activeServices() {
        if (activeClusters().isEmpty()) {
            return List.of();
        }
        List<String> arns = ecs.listServices(r -> r.cluster(stack)).serviceArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return ecs.describeServices(r -> r.cluster(stack).services(arns)).services().stream()
                .filter(s -> "ACTIVE".equals(s.status())).map(s -> s.serviceArn()).toList();
    }

    List<String> activeRevisions() {
        return ecs.listTaskDefinitions(r -> r.familyPrefix(family()).status(TaskDefinitionStatus.ACTIVE))
                .taskDefinitionArns();
    }

    List<String> loadBalancers() {
        return elbv2.describeLoadBalancers().loadBalancers().stream()
                .filter(lb -> lb.loadBalancerName().startsWith(stack)).map(lb -> lb.loadBalancerArn()).toList();
    }

    List<String> targetGroups() {
        return elbv2.describeTargetGroups().targetGroups().stream()
                .filter(tg -> tg.targetGroupName().startsWith(stack + "-")).map(tg -> tg.targetGroupArn()).toList();
    }

    List<String> roles() {
        return iam.listRoles().roles().stream().filter(role -> role.roleName().startsWith(stack + "-"))
                .map(role -> role.roleName()).toList();
    }

    List<String> logGroups() {
        return logs.describeLogGroups(r -> r.logGroupNamePrefix("/yocto/" + stack + "/")).logGroups().stream()
                .map(group -> group.logGroupName()).toList();
    }

    List<String> repositories() {
        return ecr.describeRepositories().repositories().stream()
                .filter(repository -> repository.repositoryName().startsWith(stack + "/"))
                .map(repository -> repository.repositoryName()).toList();
    }

    List<String> scalableTargets() {
        return autoScaling.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS)).scalableTargets()
                .stream().filter(target -> target.resourceId().startsWith("service/" + stack + "/"))
                .map(target -> target.resourceId()).toList();
    }

    /** Count of every compute resource kind of the stack. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        counts.put("cluster", activeClusters().size());
        counts.put("service", activeServices().size());
        counts.put("task-definition", activeRevisions().size());
        counts.put("load-balancer", loadBalancers().size());
        counts.put("target-group", targetGroups().size());
        counts.put("role", roles().size());
        counts.put("log-group", logGroups().size());
        counts.put("repository", repositories().size());
        counts.put("scalable-target", scalableTargets().size());
        return counts;
    }

    static final Map<String, Integer> FULL = new TreeMap<>(Map.of("cluster", 1, "service", 1, "task-definition", 1,
            "load-balancer", 1, "target-group", 1, "role", 2, "log-group", 1, "repository", 1, "scalable-target", 1));

    static final Map<String, Integer> NOTHING = new TreeMap<>(Map.of("cluster", 0, "service", 0,
            "task-definition", 0, "load-balancer", 0, "target-group", 0, "role", 0, "log-group", 0, "repository", 0,
            "scalable-target", 0));

    @Override
    public void close() {
        ecs.close();
        elbv2.close();
        iam.close();
        logs.close();
        ecr.close();
        autoScaling.close();
    }
}
