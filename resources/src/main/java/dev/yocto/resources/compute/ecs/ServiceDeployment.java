package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.ResourceException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Waits for one deployment of the service: the PRIMARY one that CreateService or UpdateService
 * answered with, followed by its id. COMPLETED is done; FAILED (the circuit breaker gave up) or the
 * deployment vanishing (rolled back, or replaced) is a failure that names the reasons of the tasks
 * that stopped. Bounded, with the running and desired counts reported as they change.
 */
final class ServiceDeployment {

    private final Context context;
    private final Address address;
    private final String cluster;
    private final String service;
    private final Duration timeout;
    private final AtomicReference<String> lastProgress = new AtomicReference<>("");

    ServiceDeployment(Context context, Address address, String cluster, String service, Duration timeout) {
        this.context = context;
        this.address = address;
        this.cluster = cluster;
        this.service = service;
        this.timeout = timeout;
    }

    Service await(Service started) {
        Optional<Deployment> primary = started.deployments().stream().filter(d -> "PRIMARY".equals(d.status()))
                .findFirst();
        if (primary.isEmpty()) {
            return started;
        }
        String id = primary.get().id();
        if (!context.emulation().advancesServiceDeployments()) {
            return check(started, id).orElseGet(() -> {
                context.report(address, "emulator: deployment " + id + " stays " + primary.get().rolloutStateAsString()
                        + " (no tasks run there); not waiting");
                return started;
            });
        }
        EcsClient ecs = context.aws().ecs();
        return Poll.until(context, address, "deployment " + id + " of service " + service + " to complete", timeout,
                () -> check(ecs.describeServices(r -> r.cluster(cluster).services(service)).services().stream()
                        .findFirst().orElseThrow(() -> new ResourceException(address, "service " + service
                                + " disappeared from cluster " + cluster + " during its deployment")), id));
    }

    private Optional<Service> check(Service current, String id) {
        Optional<Deployment> tracked = current.deployments().stream().filter(d -> id.equals(d.id())).findFirst();
        if (tracked.isEmpty()) {
            throw failed(id, "it is no longer among the service's deployments (rolled back or replaced)");
        }
        Deployment deployment = tracked.get();
        reportProgress(deployment);
        DeploymentRolloutState state = deployment.rolloutState();
        if (state == null) {
            boolean settled = current.deployments().size() == 1
                    && deployment.runningCount() != null && deployment.desiredCount() != null
                    && deployment.runningCount() >= deployment.desiredCount();
            return settled ? Optional.of(current) : Optional.empty();
        }
        return switch (state) {
            case COMPLETED -> Optional.of(current);
            case FAILED -> throw failed(id, deployment.rolloutStateReason());
            default -> Optional.empty();
        };
    }

    private void reportProgress(Deployment deployment) {
        String progress = "deployment " + deployment.id() + ": " + deployment.runningCount() + " of "
                + deployment.desiredCount() + " tasks running, " + deployment.pendingCount() + " pending"
                + (deployment.failedTasks() != null && deployment.failedTasks() > 0
                        ? ", " + deployment.failedTasks() + " failed" : "");
        if (!progress.equals(lastProgress.getAndSet(progress))) {
            context.report(address, progress);
        }
    }

    private ResourceException failed(String id, String reason) {
        String stopped = ServiceTasks.recentlyStopped(context.aws().ecs(), cluster, service);
        return new ResourceException(address, "deployment " + id + " of service " + service + " failed: " + reason
                + "; recently stopped tasks: " + stopped + ". The circuit breaker rolls the service back to its "
                + "previous task definition; see the log group for the application's output, fix the cause and "
                + "provision again");
    }
}
