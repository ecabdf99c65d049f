package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Live;
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

    static String clusterName(Context context, Address cluster, Optional<String> serviceArn) {
        return serviceArn.flatMap(ServiceLocation::clusterOfArn)
                .or(() -> context.resolved(cluster).map(live -> live.attribute("name")))
                .orElseGet(() -> defaultClusterName(context));
    }

    static String defaultClusterName(Context context) {
        return ClusterResource.clusterName(context);
    }

    /** Only the long ARN format names the cluster; the old short one is {@code service/<name>}. */
    static Optional<String> clusterOfArn(String serviceArn) {
        int start = serviceArn.indexOf(":service/");
        if (start < 0) {
            return Optional.empty();
        }
        String[] path = serviceArn.substring(start + ":service/".length()).split("/");
        return path.length == 2 ? Optional.of(path[0]) : Optional.empty();
    }

    /** Application Auto Scaling's id of an ECS service: {@code service/<cluster>/<name>}. */
    static String scalingResourceId(String cluster, String service) {
        return "service/" + cluster + "/" + service;
    }

    static String scalingResourceId(Live service) {
        return scalingResourceId(service.attribute(ServiceResource.CLUSTER), service.attribute(ServiceResource.NAME));
    }
}
