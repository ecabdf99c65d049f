package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Context;
import java.util.Optional;

/**
 * Which cluster the service is in, for observing it: from its ARN in state
 * ({@code arn:aws:ecs:<region>:<account>:service/<cluster>/<name>}), else from the cluster resolved in
 * this run, else the cluster's own name for the stack. The last covers a teardown without state,
 * which observes the service before the cluster.
 */
final class ServiceLocation {

    private ServiceLocation() {
    }

    static String clusterName(Context context, Optional<String> resolvedCluster, Optional<String> serviceArn) {
        return serviceArn.flatMap(ServiceLocation::clusterOfArn).or(() -> resolvedCluster)
                .orElseGet(() -> defaultClusterName(context));
    }

    static String defaultClusterName(Context context) {
        return ClusterKind.clusterName(context);
    }

    /** Only the long ARN format names the cluster; the old short one is {@code service/<name>}. */
    static Optional<String> clusterOfArn(String serviceArn) {
        return path(serviceArn).filter(path -> path.length == 2).map(path -> path[0]);
    }

    /** The service's name, the last part of either ARN format. */
    static Optional<String> serviceOfArn(String serviceArn) {
        return path(serviceArn).map(path -> path[path.length - 1]);
    }

    private static Optional<String[]> path(String serviceArn) {
        int start = serviceArn.indexOf(":service/");
        return start < 0 ? Optional.empty()
                : Optional.of(serviceArn.substring(start + ":service/".length()).split("/"));
    }

    /** Application Auto Scaling's id of an ECS service: {@code service/<cluster>/<name>}. */
    static String scalingResourceId(String cluster, String service) {
        return "service/" + cluster + "/" + service;
    }


}
