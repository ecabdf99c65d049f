package dev.yocto.resources.compute.ecs;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * The ECS service {@code backend}: the task definition's tasks in the two private subnets with the
 * {@code app} security group and no public IP, registered in the target group as container
 * {@code app} port 80. A deployment that cannot get healthy tasks is stopped by the circuit
 * breaker and rolled back; yocto waits for each deployment itself (bounded) and reports a failed
 * one with the reasons of the tasks that stopped.
 *
 * <p>Capacity: the first task always runs on FARGATE (base 1), so the service never depends on
 * spare Spot capacity alone; with {@code service.spotWeight} &gt; 0, the tasks beyond it are split
 * FARGATE : FARGATE_SPOT = 1 : spotWeight. With spotWeight 0 there is no Spot at all.
 *
 * <p>Desired count: auto scaling owns it between {@code desiredCount} and {@code maxCount}, so the
 * diff compares it as that range ({@link ServiceDesiredCount}); a count outside it is drift that
 * {@code status} reports and an update brings back to the nearest bound.
 */
public final class ServiceKind implements Kind<ServiceKind.Settings> {

    public static final String ID = "ecs:service";
    public static final ServiceKind KIND = new ServiceKind();
    public static final Output<String> NAME = Output.attribute(ID, "name");
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    /** The name of the cluster it runs in. */
    public static final Output<String> CLUSTER = Output.attribute(ID, "cluster");
    public static final String SERVICE_NAME = "backend";
    public static final String CONTAINER = "app";

    private static final Duration ROLE_PROPAGATION_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration DEPLOYMENT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(10);
    private static final Set<String> NETWORK_FIELDS = Set.of("subnets", "securityGroups", "assignPublicIp");

    /**
     * @param listenerArn the listener rule that forwards to the target group: ECS refuses a target group
     *                    that no load balancer uses yet, so the service waits for it (its value is not used)
     * @param egress      the route tables of {@code subnetIds} and the NAT gateways they route to: tasks
     *                    there have no public address and reach ECR (the image) and Secrets Manager (their
     *                    secrets) only through them, so the service starts after both exist, else its
     *                    first tasks fail to start (values not used)
     */
    public record Settings(String name, String container, int containerPort, int desiredCount, int maxCount,
                           int spotWeight, int healthCheckGracePeriodSeconds, int minimumHealthyPercent,
                           int maximumPercent, Ref<String> clusterName, Ref<String> taskDefinitionArn,
                           Ref<String> targetGroupArn, Ref<String> listenerArn, List<Ref<String>> subnetIds,
                           Ref<String> securityGroupId, List<Ref<String>> egress) {

        public Settings {
            subnetIds = List.copyOf(subnetIds);
            egress = List.copyOf(egress);
        }

        ServiceDesiredCount range() {
            return new ServiceDesiredCount(desiredCount, maxCount);
        }
    }

    private ServiceKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    // --- observe

    /**
     * By name in its cluster ({@link ServiceLocation}); INACTIVE means deleted. A service that is not
     * the one in state must carry this stack's tag: another owner's service is a conflict, not ours.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        String cluster = ServiceLocation.clusterName(context,
                settings.flatMap(s -> context.valueIfResolved(s.clusterName())), knownId);
        String name = settings.map(Settings::name).or(() -> knownId.flatMap(ServiceLocation::serviceOfArn))
                .orElse(SERVICE_NAME);
        Optional<Service> found = describe(context.aws().ecs(), cluster, name)
                .filter(service -> !"INACTIVE".equals(service.status()));
        found.filter(service -> !knownId.equals(Optional.of(service.serviceArn())))
                .ifPresent(service -> requireOurs(context, address, cluster, service));
        return found.map(service -> live(service, settings.map(Settings::range)));
    }

    private static void requireOurs(Context context, Address address, String cluster, Service service) {
        Tags.requireOurs(context.stack(), address, "an ECS service named " + service.serviceName() + " in cluster "
                + cluster, service.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a)));
    }

    private static Optional<Service> describe(EcsClient ecs, String cluster, String name) {
        try {
            return ecs.describeServices(r -> r.cluster(cluster).services(name).include(ServiceField.TAGS))
                    .services().stream().findFirst();
        } catch (ClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    /** {@code range} compares the desired count as a range; without it (an orphan) the count itself. */
    private static Live live(Service service, Optional<ServiceDesiredCount> range) {
        String cluster = service.clusterArn().substring(service.clusterArn().lastIndexOf('/') + 1);
        Map<String, String> observed = new HashMap<>();
        observed.put("status", service.status());
        observed.put("rollout", rollout(service));
        observed.put("taskDefinition", service.taskDefinition());
        observed.put("desiredCount", range.map(r -> r.observed(service.desiredCount()))
                .orElse(String.valueOf(service.desiredCount())));
        var vpc = service.networkConfiguration() == null ? null : service.networkConfiguration().awsvpcConfiguration();
        observed.put("subnets", vpc == null ? "" : sorted(vpc.subnets()));
        observed.put("securityGroups", vpc == null ? "" : sorted(vpc.securityGroups()));
        observed.put("assignPublicIp", vpc == null ? "" : vpc.assignPublicIpAsString());
        observed.put("loadBalancers", service.loadBalancers().stream().map(ServiceKind::describe)
                .sorted().collect(Collectors.joining(",")));
        observed.put("healthCheckGracePeriod", String.valueOf(service.healthCheckGracePeriodSeconds()));
        observed.put("deploymentConfiguration", describe(service.deploymentConfiguration()));
        observed.put("capacityProviderStrategy", describe(service.capacityProviderStrategy()));
        observed.put("propagateTags", service.propagateTagsAsString());
        observed.put("tags", Tags.ours(service.tags().stream().collect(Collectors.toMap(Tag::key,
                t -> t.value() == null ? "" : t.value(), (a, b) -> a))));
        return new Live(service.serviceArn(), service.serviceArn(), Map.of(NAME.name(), service.serviceName(),
                ARN.name(), service.serviceArn(), CLUSTER.name(), cluster), observed);
    }

    /**
     * The rollout state of the PRIMARY deployment: a FAILED one, or one a crashed run stopped waiting
     * for, is not in sync. COMPLETED when there is none to report (no deployment, or no rollout state).
     */
    static String rollout(Service service) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .map(Deployment::rolloutStateAsString).orElse(DeploymentRolloutState.COMPLETED.toString());
    }

    private static String describe(LoadBalancer lb) {
        return lb.targetGroupArn() + "/" + lb.containerName() + "/" + lb.containerPort();
    }

    private static String describe(DeploymentConfiguration configuration) {
        if (configuration == null) {
            return "none";
        }
        var breaker = configuration.deploymentCircuitBreaker();
        return "circuitBreaker=" + (breaker != null && Boolean.TRUE.equals(breaker.enable()))
                + ",rollback=" + (breaker != null && Boolean.TRUE.equals(breaker.rollback()))
                + ",minimumHealthyPercent=" + configuration.minimumHealthyPercent()
                + ",maximumPercent=" + configuration.maximumPercent();
    }

    private static String describe(List<CapacityProviderStrategyItem> strategy) {
        return strategy.stream().map(item -> item.capacityProvider() + ":base=" + (item.base() == null ? 0 : item.base())
                + ":weight=" + (item.weight() == null ? 0 : item.weight())).sorted().collect(Collectors.joining(","));
    }

    private static String sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.joining(","));
    }


    // --- desired

    private static NetworkConfiguration network(Context context, Settings settings) {
        return NetworkConfiguration.builder().awsvpcConfiguration(vpc -> vpc
                .subnets(settings.subnetIds().stream().map(context::value).toList())
                .securityGroups(context.value(settings.securityGroupId()))
                .assignPublicIp(AssignPublicIp.DISABLED)).build();
    }

    private static LoadBalancer loadBalancer(Context context, Settings settings) {
        return LoadBalancer.builder().targetGroupArn(context.value(settings.targetGroupArn()))
                .containerName(settings.container()).containerPort(settings.containerPort()).build();
    }

    private static DeploymentConfiguration deploymentConfiguration(Settings settings) {
        return DeploymentConfiguration.builder()
                .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))
                .minimumHealthyPercent(settings.minimumHealthyPercent()).maximumPercent(settings.maximumPercent())
                .build();
    }

    private static List<CapacityProviderStrategyItem> capacityProviderStrategy(Settings settings) {
        List<CapacityProviderStrategyItem> strategy = new ArrayList<>();
        strategy.add(CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").base(1).weight(1).build());
        if (settings.spotWeight() > 0) {
            strategy.add(CapacityProviderStrategyItem.builder().capacityProvider("FARGATE_SPOT").base(0)
                    .weight(settings.spotWeight()).build());
        }
        return strategy;
    }

    private static List<Tag> tags(Context context, Address address) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** The deployment settings are compared only where the API reports them ({@code Emulation}). */
    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> resource) {
        Settings settings = resource.settings();
        NetworkConfiguration network = network(context, settings);
        Map<String, String> desired = new HashMap<>();
        desired.put("status", "ACTIVE");
        desired.put("rollout", DeploymentRolloutState.COMPLETED.toString());
        desired.put("taskDefinition", context.value(settings.taskDefinitionArn()));
        desired.put("desiredCount", settings.range().desired());
        desired.put("subnets", sorted(network.awsvpcConfiguration().subnets()));
        desired.put("securityGroups", sorted(network.awsvpcConfiguration().securityGroups()));
        desired.put("assignPublicIp", AssignPublicIp.DISABLED.toString());
        desired.put("loadBalancers", describe(loadBalancer(context, settings)));
        if (context.emulation().reportsServiceDeploymentSettings()) {
            desired.put("healthCheckGracePeriod", String.valueOf(settings.healthCheckGracePeriodSeconds()));
            desired.put("deploymentConfiguration", describe(deploymentConfiguration(settings)));
            desired.put("capacityProviderStrategy", describe(capacityProviderStrategy(settings)));
        }
        desired.put("propagateTags", PropagateTags.SERVICE.toString());
        desired.put("tags", Tags.ours(context.tags(resource.address())));
        return desired;
    }

    /** A DRAINING service is on its way out: it is waited for and made again. */
    @Override
    public Set<String> replacedOnChange() {
        return Set.of("status");
    }

    // --- create

    /**
     * Creates it without a launch type (the capacity provider strategy excludes one), retrying while
     * ECS cannot yet use the IAM roles made moments before, then waits for the first deployment.
     *
     * <p>The client token is new for each create and the same for its retries: ECS ties a token to
     * one request for good, so a token reused after a teardown would be refused or answered with the
     * old, deleted service. A run that crashed after CreateService finds the service by name instead.
     */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        EcsClient ecs = context.aws().ecs();
        Settings settings = desired.settings();
        Address address = desired.address();
        String cluster = context.value(settings.clusterName());
        CreateServiceRequest request = CreateServiceRequest.builder().cluster(cluster).serviceName(settings.name())
                .taskDefinition(context.value(settings.taskDefinitionArn())).desiredCount(settings.desiredCount())
                .capacityProviderStrategy(capacityProviderStrategy(settings))
                .deploymentConfiguration(deploymentConfiguration(settings))
                .networkConfiguration(network(context, settings)).loadBalancers(loadBalancer(context, settings))
                .healthCheckGracePeriodSeconds(settings.healthCheckGracePeriodSeconds())
                .propagateTags(PropagateTags.SERVICE).tags(tags(context, address))
                .clientToken(UUID.randomUUID().toString()).build();
        Service created = Poll.until(context, address, "ECS to accept the service's IAM roles (new roles take a "
                + "moment to be usable)", ROLE_PROPAGATION_TIMEOUT, () -> {
                    try {
                        return Optional.of(ecs.createService(request).service());
                    } catch (InvalidParameterException e) {
                        if (isRolePropagation(e)) {
                            context.report(address, "ECS cannot use the roles yet: " + e.awsErrorDetails().errorMessage());
                            return Optional.empty();
                        }
                        throw refused(address, settings.name(), cluster, e);
                    }
                });
        if (!"ACTIVE".equals(created.status())) {
            throw new ResourceException(address, "ECS answered CreateService with service " + created.serviceArn()
                    + " in status " + created.status() + " instead of a new ACTIVE one; wait until the old service "
                    + "is INACTIVE, then provision again");
        }
        return live(awaitDeployment(context, address, cluster, settings.name(), created),
                Optional.of(settings.range()));
    }

    /** IAM is eventually consistent: a role made seconds ago may not yet be assumable by ECS. */
    static boolean isRolePropagation(InvalidParameterException e) {
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? ""
                : e.awsErrorDetails().errorMessage().toLowerCase(Locale.ROOT);
        return message.contains("assume") && message.contains("role");
    }

    private static ResourceException refused(Address address, String name, String cluster,
                                             InvalidParameterException e) {
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        if (message != null && message.toLowerCase(Locale.ROOT).contains("not idempotent")) {
            return new ResourceException(address, "a service named " + name + " already exists in cluster "
                    + cluster + " with other settings, or is still draining after a delete: " + message
                    + "; wait until it is INACTIVE, or delete it, then provision again", e);
        }
        return new ResourceException(address, "ECS refused the service: " + message, e);
    }

    private static Service awaitDeployment(Context context, Address address, String cluster, String name,
                                           Service service) {
        return new ServiceDeployment(context, address, cluster, name, DEPLOYMENT_TIMEOUT).await(service);
    }

    // --- update

    /**
     * One UpdateService with every changed setting (a new task definition, network, load balancer,
     * strategy or deployment settings, the desired count back into its range), then the same wait
     * as create. Tags alone are a TagResource call. A FAILED deployment is tried again with a new
     * one ({@code forceNewDeployment}); one still in progress is only waited for.
     */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        EcsClient ecs = context.aws().ecs();
        Settings settings = desired.settings();
        Address address = desired.address();
        String cluster = live.attribute(CLUSTER.name());
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        UpdateServiceRequest.Builder request = UpdateServiceRequest.builder().cluster(cluster).service(settings.name());
        boolean changed = false;
        if (fields.contains("taskDefinition")) {
            request.taskDefinition(context.value(settings.taskDefinitionArn()));
            changed = true;
        }
        if (fields.contains("desiredCount")) {
            request.desiredCount(settings.range().nearest(Integer.parseInt(live.observed().get("desiredCount"))));
            changed = true;
        }
        if (fields.stream().anyMatch(NETWORK_FIELDS::contains)) {
            request.networkConfiguration(network(context, settings));
            changed = true;
        }
        if (fields.contains("loadBalancers")) {
            request.loadBalancers(loadBalancer(context, settings));
            changed = true;
        }
        if (fields.contains("healthCheckGracePeriod")) {
            request.healthCheckGracePeriodSeconds(settings.healthCheckGracePeriodSeconds());
            changed = true;
        }
        if (fields.contains("deploymentConfiguration")) {
            request.deploymentConfiguration(deploymentConfiguration(settings));
            changed = true;
        }
        if (fields.contains("capacityProviderStrategy")) {
            // ECS applies a changed strategy only with a new deployment.
            request.capacityProviderStrategy(capacityProviderStrategy(settings)).forceNewDeployment(true);
            changed = true;
        }
        if (fields.contains("propagateTags")) {
            request.propagateTags(PropagateTags.SERVICE);
            changed = true;
        }
        if (fields.contains("rollout") && DeploymentRolloutState.FAILED.toString().equals(live.observed().get("rollout"))) {
            request.forceNewDeployment(true);
            changed = true;
        }
        Service service = null;
        if (changed) {
            service = awaitDeployment(context, address, cluster, settings.name(),
                    ecs.updateService(request.build()).service());
        } else if (fields.contains("rollout")) {
            context.report(address, "a deployment is still in progress (" + live.observed().get("rollout")
                    + "); waiting for it");
            service = awaitDeployment(context, address, cluster, settings.name(), describe(ecs, cluster,
                    settings.name()).orElseThrow(() -> new ResourceException(address, "service " + settings.name()
                    + " disappeared from cluster " + cluster)));
        }
        if (fields.contains("tags")) {
            ecs.tagResource(r -> r.resourceArn(live.physicalId()).tags(tags(context, address)));
            service = null;
        }
        return Optional.ofNullable(service).or(() -> describe(ecs, cluster, settings.name()))
                .map(found -> live(found, Optional.of(settings.range()))).orElse(live);
    }

    // --- delete

    /** Scales to 0, deletes, and waits until it is INACTIVE and none of its tasks still holds a network interface. */
    @Override
    public void delete(Context context, Address address, Live live) {
        EcsClient ecs = context.aws().ecs();
        String cluster = live.attribute(CLUSTER.name());
        String name = live.attribute(NAME.name());
        try {
            ecs.updateService(r -> r.cluster(cluster).service(name).desiredCount(0));
            ecs.deleteService(r -> r.cluster(cluster).service(name).force(true));
        } catch (ServiceNotFoundException | ServiceNotActiveException | ClusterNotFoundException e) {
            // already deleted or draining
        }
        context.report(address, "waiting for service " + name + " to drain and its tasks to stop");
        Poll.until(context, address, "service " + name + " to become INACTIVE with all its tasks stopped",
                DELETE_TIMEOUT, () -> {
                    Optional<Service> service = describe(ecs, cluster, name);
                    if (service.isPresent() && !"INACTIVE".equals(service.get().status())) {
                        return Optional.empty();
                    }
                    return ServiceTasks.unstopped(ecs, cluster, name) == 0 ? Optional.of(true) : Optional.empty();
                });
    }
}
