package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.compute.lb.ElbFixture;
import dev.yocto.resources.config.ConfigLoader;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * What the service stands on, on the emulator: the network, certificate and load balancing of
 * {@link ElbFixture} (made by their handlers), and a cluster and a minimal Fargate task definition
 * registered through the SDK and resolved as their handlers would resolve them.
 */
public final class ServiceFixture {

    public final ElbFixture elb;
    public final EcsClient ecs;
    private final String stack;
    private String clusterArn;
    private TaskDefinition taskDefinition;

    public ServiceFixture(AwsEmulator emulator, String stack) {
        this.elb = new ElbFixture(emulator, stack);
        this.ecs = elb.aws().ecs();
        this.stack = stack;
    }

    public Desired<?> service() {
        return Runs.compute(elb.config, ComputeLayer.SERVICE);
    }

    /** The service with another desired count, maximum and Spot weight (of an amd64 image: Spot runs no arm64). */
    public Desired<?> service(int desiredCount, int maxCount, int spotWeight) {
        return Runs.compute(ConfigLoader.parse("test", "stack: " + stack + "\nimage: {platform: linux/amd64}"
                + "\nservice: {desiredCount: " + desiredCount
                + ", maxCount: " + maxCount + ", spotWeight: " + spotWeight + "}", Optional.empty(),
                elb.config.region()), ComputeLayer.SERVICE);
    }

    public Desired<?> autoScaling() {
        return Runs.compute(elb.config, ComputeLayer.AUTOSCALING);
    }

    /** A new run with everything the service depends on made (on the first call) and resolved. */
    public Context upstream() {
        return upstream(Emulation.EMULATOR);
    }

    /** The same with another profile: {@link Emulation#NONE} shows what yocto would compare against AWS. */
    public Context upstream(Emulation emulation) {
        Context context = elb.withLoadBalancing(emulation);
        if (clusterArn == null) {
            clusterArn = ecs.createCluster(r -> r.clusterName(stack).capacityProviders("FARGATE", "FARGATE_SPOT"))
                    .cluster().clusterArn();
            taskDefinition = registerRevision("yoctogram:1");
        }
        context.resolve(ComputeLayer.CLUSTER, new Live(clusterArn, clusterArn, Map.of("name", stack, "arn", clusterArn),
                Map.of()));
        resolveTaskDefinition(context, taskDefinition);
        return context;
    }

    /** {@link #upstream()} with the service converged. */
    public Context withService() {
        Context context = upstream();
        Runs.converge(context, service(), Optional.empty());
        return context;
    }

    /** A new revision of the task definition (another image), which the next runs resolve. */
    public TaskDefinition registerRevision(String image) {
        taskDefinition = ecs.registerTaskDefinition(r -> r.family(stack + "-backend")
                .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC).cpu("512")
                .memory("2048").containerDefinitions(c -> c.name("app").image(image).essential(true)
                        .portMappings(p -> p.containerPort(80)))).taskDefinition();
        return taskDefinition;
    }

    private static void resolveTaskDefinition(Context context, TaskDefinition definition) {
        String arn = definition.taskDefinitionArn();
        context.resolve(ComputeLayer.TASK_DEFINITION, new Live(arn, arn, Map.of("arn", arn, "family",
                definition.family(), "revision", String.valueOf(definition.revision())), Map.of()));
    }

    public String taskDefinitionArn() {
        return taskDefinition.taskDefinitionArn();
    }

    public String clusterName() {
        return stack;
    }
}
