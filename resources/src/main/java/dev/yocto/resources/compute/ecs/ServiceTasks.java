package dev.yocto.resources.compute.ecs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

/** The service's tasks: how many have not stopped yet, and why the last ones stopped. */
final class ServiceTasks {

    private static final int DESCRIBE_LIMIT = 100;
    private static final int STOPPED_SHOWN = 3;

    private ServiceTasks() {
    }

    /**
     * Tasks that still hold a network interface: those meant to run, and those told to stop that
     * have not yet (ECS lists a stopping task among the STOPPED ones before it is).
     */
    static long unstopped(EcsClient ecs, String cluster, String service) {
        List<String> arns = new ArrayList<>(list(ecs, cluster, service, DesiredStatus.RUNNING));
        arns.addAll(list(ecs, cluster, service, DesiredStatus.STOPPED));
        return describe(ecs, cluster, arns).stream().filter(task -> !"STOPPED".equals(task.lastStatus())).count();
    }

    /** The last few stopped tasks, each with its stopped reason and its containers' exit codes and reasons. */
    static String recentlyStopped(EcsClient ecs, String cluster, String service) {
        List<Task> stopped = describe(ecs, cluster, list(ecs, cluster, service, DesiredStatus.STOPPED)).stream()
                .filter(task -> task.stoppedAt() != null)
                .sorted(Comparator.comparing(Task::stoppedAt).reversed()).limit(STOPPED_SHOWN).toList();
        if (stopped.isEmpty()) {
            return "no stopped tasks recorded";
        }
        return stopped.stream().map(ServiceTasks::describe).collect(Collectors.joining("; "));
    }

    private static String describe(Task task) {
        String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        String containers = task.containers().stream().map(ServiceTasks::describe).collect(Collectors.joining(", "));
        return "task " + id + ": " + task.stoppedReason() + (containers.isEmpty() ? "" : " (" + containers + ")");
    }

    private static String describe(Container container) {
        StringBuilder text = new StringBuilder(container.name());
        if (container.exitCode() != null) {
            text.append(" exit ").append(container.exitCode());
        }
        if (container.reason() != null) {
            text.append(": ").append(container.reason());
        }
        return text.toString();
    }

    private static List<String> list(EcsClient ecs, String cluster, String service, DesiredStatus status) {
        try {
            List<String> arns = new ArrayList<>();
            ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(service).desiredStatus(status)).taskArns()
                    .forEach(arns::add);
            return arns;
        } catch (ServiceNotFoundException | ClusterNotFoundException e) {
            return List.of();
        }
    }

    private static List<Task> describe(EcsClient ecs, String cluster, List<String> arns) {
        List<Task> tasks = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_LIMIT) {
            List<String> chunk = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_LIMIT));
            tasks.addAll(ecs.describeTasks(r -> r.cluster(cluster).tasks(chunk)).tasks());
        }
        return tasks;
    }
}
