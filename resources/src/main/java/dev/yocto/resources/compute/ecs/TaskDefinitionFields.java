package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Tags;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * A task definition as comparable text, field by field. The desired request and the revision ECS
 * describes go through the same rendering, which names only what yocto sets: the defaults ECS
 * fills in (a host port equal to the container port, container cpu 0, a volume's empty host) are
 * not differences.
 */
final class TaskDefinitionFields {

    static final String TAGS = "tags";
    /** Fields that a tag call changes; any other difference needs a new revision. */
    static final Set<String> TAG_FIELDS = Set.of(TAGS);

    private TaskDefinitionFields() {
    }

    static Map<String, String> of(RegisterTaskDefinitionRequest request, String container) {
        return of(TaskDefinition.builder().family(request.family()).cpu(request.cpu()).memory(request.memory())
                .networkMode(request.networkMode()).requiresCompatibilities(request.requiresCompatibilities())
                .runtimePlatform(request.runtimePlatform()).executionRoleArn(request.executionRoleArn())
                .taskRoleArn(request.taskRoleArn()).containerDefinitions(request.containerDefinitions())
                .volumes(request.volumes()).build(),
                request.tags(), container);
    }

    static Map<String, String> of(TaskDefinition definition, List<Tag> tags, String container) {
        Map<String, String> fields = new HashMap<>();
        fields.put("cpu", String.valueOf(definition.cpu()));
        fields.put("memory", String.valueOf(definition.memory()));
        fields.put("networkMode", String.valueOf(definition.networkModeAsString()));
        fields.put("requiresCompatibilities", sorted(definition.requiresCompatibilitiesAsStrings()));
        fields.put("runtimePlatform", runtimePlatform(definition.runtimePlatform()));
        fields.put("executionRoleArn", String.valueOf(definition.executionRoleArn()));
        fields.put("taskRoleArn", String.valueOf(definition.taskRoleArn()));
        fields.put("volumes", sorted(definition.volumes().stream().map(volume -> volume.name()
                + (volume.host() == null || volume.host().sourcePath() == null ? "" : " host=" + volume.host().sourcePath())
                + (volume.efsVolumeConfiguration() == null ? "" : " efs") + (volume.dockerVolumeConfiguration() == null
                ? "" : " docker")).toList()));
        fields.put("containers", sorted(definition.containerDefinitions().stream().map(ContainerDefinition::name).toList()));
        Optional<ContainerDefinition> app = definition.containerDefinitions().stream()
                .filter(c -> container.equals(c.name())).findFirst();
        fields.putAll(container(app.orElse(ContainerDefinition.builder().build())));
        fields.put(TAGS, ourTags(tags));
        return fields;
    }

    private static Map<String, String> container(ContainerDefinition container) {
        Map<String, String> fields = new HashMap<>();
        fields.put("container.image", String.valueOf(container.image()));
        fields.put("container.essential", String.valueOf(container.essential()));
        fields.put("container.readonlyRootFilesystem", String.valueOf(Boolean.TRUE.equals(container.readonlyRootFilesystem())));
        fields.put("container.mountPoints", sorted(container.mountPoints().stream().map(mount -> mount.sourceVolume()
                + ":" + mount.containerPath() + (Boolean.TRUE.equals(mount.readOnly()) ? ":ro" : "")).toList()));
        fields.put("container.portMappings", sorted(container.portMappings().stream()
                .map(TaskDefinitionFields::portMapping).toList()));
        fields.put("container.environment", sorted(container.environment().stream()
                .map(pair -> pair.name() + "=" + pair.value()).toList()));
        fields.put("container.secrets", sorted(container.secrets().stream()
                .map(secret -> secret.name() + "=" + secret.valueFrom()).toList()));
        fields.put("container.healthCheck", healthCheck(container.healthCheck()));
        fields.put("container.logging", logging(container.logConfiguration()));
        fields.put("container.systemControls", sorted(container.systemControls().stream()
                .map(control -> control.namespace() + "=" + control.value()).toList()));
        return fields;
    }

    private static String portMapping(PortMapping mapping) {
        return mapping.containerPort() + "/" + mapping.protocolAsString() + " name=" + mapping.name()
                + " appProtocol=" + mapping.appProtocolAsString();
    }

    private static String runtimePlatform(RuntimePlatform platform) {
        return platform == null ? "none"
                : platform.operatingSystemFamilyAsString() + "/" + platform.cpuArchitectureAsString();
    }

    private static String healthCheck(HealthCheck check) {
        if (check == null) {
            return "none";
        }
        return check.command() + " interval=" + check.interval() + " timeout=" + check.timeout() + " retries="
                + check.retries() + " startPeriod=" + check.startPeriod();
    }

    /** The driver and the options yocto sets; options ECS may add on its own are not compared. */
    private static String logging(LogConfiguration configuration) {
        if (configuration == null) {
            return "none";
        }
        Map<String, String> options = new TreeMap<>(configuration.options());
        return configuration.logDriverAsString() + " " + options.entrySet().stream()
                .filter(option -> option.getKey().startsWith("awslogs-"))
                .map(option -> option.getKey() + "=" + option.getValue()).collect(Collectors.joining(","));
    }

    /** Only the tags yocto sets; others that people add are theirs. */
    private static String ourTags(List<Tag> tags) {
        return Tags.ours(tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a)));
    }

    private static String sorted(Collection<String> values) {
        return values.stream().sorted().collect(Collectors.joining(","));
    }
}
