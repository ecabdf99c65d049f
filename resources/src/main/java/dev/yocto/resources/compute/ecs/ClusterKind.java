package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterContainsServicesException;
import software.amazon.awssdk.services.ecs.model.ClusterContainsTasksException;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The ECS cluster {@code <stack>}, with the FARGATE and FARGATE_SPOT capacity providers the
 * service's capacity provider strategy draws on. A cluster ECS reports as INACTIVE is a deleted
 * one: absent.
 */
public final class ClusterKind implements Kind<ClusterKind.Settings> {

    public static final String ID = "ecs:cluster";
    public static final ClusterKind KIND = new ClusterKind();
    public static final Output<String> NAME = Output.attribute(ID, "name");
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    public static final List<String> CAPACITY_PROVIDERS = List.of("FARGATE", "FARGATE_SPOT");

    private static final String ACTIVE = "ACTIVE";
    private static final String INACTIVE = "INACTIVE";
    private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ROLE_TIMEOUT = Duration.ofMinutes(2);
    /** Tasks of a just-deleted service keep the cluster busy until they have stopped. */
    private static final Duration EMPTY_TIMEOUT = Duration.ofMinutes(10);

    public record Settings(List<String> capacityProviders) {

        public Settings {
            capacityProviders = List.copyOf(capacityProviders);
        }
    }

    private ClusterKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    public static String clusterName(Context context) {
        return context.stack();
    }

    /**
     * By name (or the ARN in state): cluster names are unique per account and region. Our clusters
     * are tagged in the create call: an active one of our name without our stack tag is someone else's.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        return observe(context, address, knownId.orElseGet(() -> clusterName(context)));
    }

    private static Optional<Live> observe(Context context, Address address, String nameOrArn) {
        return describe(context.aws().ecs(), nameOrArn).filter(cluster -> !INACTIVE.equals(cluster.status()))
                .map(cluster -> {
                    Tags.requireOurs(context.stack(), address, "an ECS cluster named " + cluster.clusterName(),
                            tags(cluster));
                    return live(cluster);
                });
    }

    private static Map<String, String> tags(Cluster cluster) {
        return cluster.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    }

    private static Optional<Cluster> describe(EcsClient ecs, String nameOrArn) {
        return ecs.describeClusters(r -> r.clusters(nameOrArn).include(ClusterField.TAGS)).clusters().stream()
                .findFirst();
    }

    private static Live live(Cluster cluster) {
        Map<String, String> observed = Map.of(
                "capacityProviders", cluster.capacityProviders().stream().sorted().collect(Collectors.joining(",")),
                "tags", Tags.ours(tags(cluster)));
        return new Live(cluster.clusterName(), cluster.clusterArn(),
                Map.of(NAME.name(), cluster.clusterName(), ARN.name(), cluster.clusterArn()), observed);
    }

    private static List<Tag> tags(Context context, Address address) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * CreateCluster has no idempotency token but is idempotent by name: for an existing active
     * cluster it answers with that cluster, which is then brought in line like any other.
     */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        EcsClient ecs = context.aws().ecs();
        String name = clusterName(context);
        createCluster(context, desired, ecs, name);
        Live created = Poll.until(context, desired.address(), "cluster " + name + " to become ACTIVE", ACTIVE_TIMEOUT,
                () -> describe(ecs, name).filter(cluster -> ACTIVE.equals(cluster.status())).map(ClusterKind::live));
        List<Difference> differences = diff(context, desired, created);
        return differences.isEmpty() ? created : update(context, desired, created, differences);
    }

    /**
     * The first cluster with capacity providers in an account is refused until ECS's service-linked
     * role exists: then yocto creates that role and retries while IAM makes it usable.
     */
    private static void createCluster(Context context, Desired<Settings> desired, EcsClient ecs, String name) {
        Supplier<Optional<Boolean>> attempt = () -> {
            try {
                ecs.createCluster(r -> r.clusterName(name).capacityProviders(desired.settings().capacityProviders())
                        .tags(tags(context, desired.address())));
                return Optional.of(true);
            } catch (InvalidParameterException e) {
                if (e.getMessage() == null || !e.getMessage().toLowerCase().contains("service linked role")) {
                    throw e;
                }
                createServiceLinkedRole(context);
                return Optional.empty();
            }
        };
        Poll.until(context, desired.address(), "ECS's service-linked role to be usable", ROLE_TIMEOUT, attempt);
    }

    private static void createServiceLinkedRole(Context context) {
        try {
            context.aws().iam().createServiceLinkedRole(r -> r.awsServiceName("ecs.amazonaws.com"));
        } catch (software.amazon.awssdk.services.iam.model.InvalidInputException e) {
            // "has been taken in this account": it exists already
        }
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("capacityProviders", desired.settings().capacityProviders().stream().sorted()
                        .collect(Collectors.joining(",")),
                "tags", Tags.ours(context.tags(desired.address())));
    }

    /**
     * Capacity providers are set without a default strategy: the service names its own
     * (on-demand and Spot weights from the configuration).
     */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        EcsClient ecs = context.aws().ecs();
        Address address = desired.address();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (fields.contains("capacityProviders")) {
            ecs.putClusterCapacityProviders(r -> r.cluster(live.physicalId())
                    .capacityProviders(desired.settings().capacityProviders()).defaultCapacityProviderStrategy(List.of()));
        }
        if (fields.contains("tags")) {
            ecs.tagResource(r -> r.resourceArn(live.arn()).tags(tags(context, address)));
        }
        return observe(context, address, live.physicalId()).orElseThrow(() -> new ResourceException(address,
                "cluster " + live.physicalId() + " disappeared while it was being updated"));
    }

    /**
     * The graph deletes the service first, but its tasks may still be stopping; the delete is
     * retried until they have, then it waits for the cluster to be INACTIVE.
     */
    @Override
    public void delete(Context context, Address address, Live live) {
        EcsClient ecs = context.aws().ecs();
        String name = live.physicalId();
        Poll.until(context, address, "the tasks and services of cluster " + name + " to be gone", EMPTY_TIMEOUT, () -> {
            try {
                ecs.deleteCluster(r -> r.cluster(name));
                return Optional.of(true);
            } catch (ClusterNotFoundException e) {
                return Optional.of(true);
            } catch (ClusterContainsTasksException | ClusterContainsServicesException e) {
                return Optional.empty();
            }
        });
        Poll.until(context, address, "cluster " + name + " to become INACTIVE", ACTIVE_TIMEOUT,
                () -> describe(ecs, name).filter(cluster -> !INACTIVE.equals(cluster.status())).isEmpty()
                        ? Optional.of(true) : Optional.empty());
    }
}
