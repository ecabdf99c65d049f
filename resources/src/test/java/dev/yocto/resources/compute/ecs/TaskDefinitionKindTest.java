package dev.yocto.resources.compute.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.resources.topology.DataLayer;
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
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("ECS answers 501 on LocalStack's community runtime")
class TaskDefinitionKindTest {

    private static final String STACK = "tasktest";
    private static final String FAMILY = "tasktest-backend";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Runs runs;
    private final TaskFixture fixture;
    private final EcsClient ecs;
    private final Desired<?> definition = TaskFixture.taskDefinition();

    TaskDefinitionKindTest(AwsEmulator emulator) {
        runs = new Runs(emulator, STACK);
        fixture = new TaskFixture(runs, STACK);
        ecs = runs.aws().ecs();
    }

    @AfterEach
    void deleteEveryRevision() {
        Runs.observe(runs.context(), definition, Optional.empty()).ifPresent(live -> Runs.delete(runs.context(), definition, live));
    }

    @Test
    void create_registersTheDesignedFargateDefinition() {
        Context context = fixture.runWithRoles();
        Live live = Runs.converge(context, definition, Optional.empty());

        DescribeTaskDefinitionResponse described = ecs.describeTaskDefinition(r -> r.taskDefinition(FAMILY)
                .include(TaskDefinitionField.TAGS));
        TaskDefinition task = described.taskDefinition();
        assertThat(live.physicalId()).as("physical id: the family").isEqualTo(FAMILY);
        assertThat(live.arn()).as("the revision's full ARN").isEqualTo(task.taskDefinitionArn())
                .endsWith(":task-definition/" + FAMILY + ":1");
        assertThat(live.attributes()).containsEntry("arn", task.taskDefinitionArn()).containsEntry("family", FAMILY)
                .containsEntry("revision", "1");
        assertThat(task.cpu()).as("cpu").isEqualTo("512");
        assertThat(task.memory()).as("memory").isEqualTo("2048");
        assertThat(task.networkModeAsString()).as("network mode").isEqualTo("awsvpc");
        assertThat(task.requiresCompatibilitiesAsStrings()).as("compatibilities").containsExactly("FARGATE");
        assertThat(task.runtimePlatform().operatingSystemFamilyAsString()).as("OS").isEqualTo("LINUX");
        assertThat(task.runtimePlatform().cpuArchitectureAsString()).as("architecture").isEqualTo("ARM64");
        assertThat(task.executionRoleArn()).as("execution role")
                .isEqualTo(context.dependency(ComputeLayer.EXECUTION_ROLE).attribute("arn")).endsWith(":role/tasktest-ecs-execution");
        assertThat(task.taskRoleArn()).as("task role")
                .isEqualTo(context.dependency(ComputeLayer.TASK_ROLE).attribute("arn")).endsWith(":role/tasktest-ecs-task");
        assertThat(tags(described)).as("tags").containsEntry(Tags.STACK, STACK)
                .containsEntry(Tags.RESOURCE, "compute/ecs/task-definition");

        assertThat(task.containerDefinitions()).extracting(ContainerDefinition::name).containsExactly("app");
        ContainerDefinition app = task.containerDefinitions().get(0);
        String repositoryUri = context.dependency(ComputeLayer.ECR_REPOSITORY).attribute("uri");
        assertThat(app.image()).as("image by digest").isEqualTo(repositoryUri + "@" + TaskFixture.DIGEST);
        assertThat(app.essential()).as("essential").isTrue();
        assertThat(app.portMappings()).singleElement().satisfies(port -> {
            assertThat(port.containerPort()).isEqualTo(80);
            assertThat(port.protocolAsString()).isEqualTo("tcp");
            assertThat(port.appProtocolAsString()).isEqualTo("http");
            assertThat(port.name()).isEqualTo("http");
        });
        assertThat(environment(app)).as("environment").containsOnly(
                entry("PRODUCTION", "true"),
                entry("DEBUG", "false"),
                entry("FORWARD_FACING_NAME", TaskFixture.SITE),
                entry("PUBLIC_IMAGES_BUCKET", context.dependency(DataLayer.BUCKET_PUBLIC).attribute("name")),
                entry("PRIVATE_IMAGES_BUCKET", context.dependency(DataLayer.BUCKET_PRIVATE).attribute("name")),
                entry("PUBLIC_IMAGES_CLOUDFRONT_DISTRIBUTION", TaskFixture.PUBLIC_DOMAIN),
                entry("PRIVATE_IMAGES_CLOUDFRONT_DISTRIBUTION", TaskFixture.PRIVATE_DOMAIN),
                entry("CLOUDFRONT_KEY_PAIR_ID", TaskFixture.KEY_ID));
        String db = context.dependency(DataLayer.SECRET_DB).attribute("arn");
        assertThat(secrets(app)).as("secrets").containsOnly(
                entry("POSTGRES_HOST", db + ":host::"),
                entry("POSTGRES_PORT", db + ":port::"),
                entry("POSTGRES_USER", db + ":username::"),
                entry("POSTGRES_PASSWORD", db + ":password::"),
                entry("POSTGRES_DB", db + ":dbname::"),
                entry("SECRET_KEY", context.dependency(DataLayer.SECRET_JWT).attribute("arn")),
                entry("CLOUDFRONT_PRIVATE_KEY", context.dependency(DataLayer.SECRET_CLOUDFRONT_KEY).attribute("arn")));
        assertThat(app.healthCheck().command()).as("health check")
                .containsExactly("CMD-SHELL", "curl -f http://localhost/api/v1/health/ || exit 1");
        assertThat(List.of(app.healthCheck().interval(), app.healthCheck().timeout(), app.healthCheck().retries(),
                app.healthCheck().startPeriod())).as("interval, timeout, retries, start period")
                .containsExactly(30, 5, 3, 60);
        assertThat(app.logConfiguration().logDriverAsString()).as("log driver").isEqualTo("awslogs");
        assertThat(app.logConfiguration().options()).as("awslogs options").containsOnly(
                entry("awslogs-group", "/yocto/tasktest/backend"),
                entry("awslogs-region", "us-west-2"),
                entry("awslogs-stream-prefix", "backend"));
        assertThat(app.readonlyRootFilesystem()).as("read-only root filesystem").isTrue();
        assertThat(app.mountPoints()).as("the one writable place").singleElement().satisfies(mount -> {
            assertThat(mount.sourceVolume()).isEqualTo("tmp");
            assertThat(mount.containerPath()).isEqualTo("/tmp");
            assertThat(mount.readOnly()).isNotEqualTo(Boolean.TRUE);
        });
        assertThat(task.volumes()).as("a bind mount of the task's ephemeral storage").singleElement()
                .satisfies(volume -> {
                    assertThat(volume.name()).isEqualTo("tmp");
                    assertThat(volume.host() == null || volume.host().sourcePath() == null).as("no host path").isTrue();
                    assertThat(volume.efsVolumeConfiguration()).isNull();
                    assertThat(volume.dockerVolumeConfiguration()).isNull();
                });
        assertThat(app.systemControls()).singleElement().satisfies(control -> {
            assertThat(control.namespace()).isEqualTo("net.ipv4.ip_unprivileged_port_start");
            assertThat(control.value()).isEqualTo("0");
        });
    }

    /** The keys named in valueFrom exist in the db secret; the jwt and key secrets are plain strings, used whole. */
    @Test
    void secretReferences_matchTheShapeOfTheSecrets() throws Exception {
        Context context = fixture.runWithRoles();
        Runs.converge(context, definition, Optional.empty());

        JsonNode db = JSON.readTree(secretValue(context.dependency(DataLayer.SECRET_DB).attribute("arn")));
        assertThat(db.has("username") && db.has("password") && db.has("dbname"))
                .as("the db secret holds the keys the definition reads (host and port come with the cluster)").isTrue();
        assertThat(secretValue(context.dependency(DataLayer.SECRET_JWT).attribute("arn")))
                .as("jwt secret is a plain string").doesNotStartWith("{");
        assertThat(secretValue(context.dependency(DataLayer.SECRET_CLOUDFRONT_KEY).attribute("arn")))
                .as("cloudfront-key secret is a PEM").startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void secondConverge_registersNoRevision_andSeesNoDifference() {
        Runs.converge(fixture.runWithRoles(), definition, Optional.empty());

        Context second = fixture.runWithRoles();
        Live observed = Runs.observe(second, definition, Optional.empty()).orElseThrow();
        assertThat(Runs.diff(second, definition, observed)).as("differences on a second run").isEmpty();
        Runs.converge(fixture.runWithRoles(), definition, Optional.of(observed.physicalId()));

        assertThat(activeRevisions()).as("revisions after two converges").hasSize(1);
    }

    @Test
    void outOfBandRevision_withAChangedVariable_isDrift_andUpdateRegistersOneNewRevision() {
        Live first = Runs.converge(fixture.runWithRoles(), definition, Optional.empty());
        TaskDefinition current = ecs.describeTaskDefinition(r -> r.taskDefinition(first.arn())).taskDefinition();
        ContainerDefinition changed = current.containerDefinitions().get(0).toBuilder()
                .environment(current.containerDefinitions().get(0).environment().stream()
                        .map(pair -> pair.name().equals("DEBUG") ? pair.toBuilder().value("true").build() : pair)
                        .toList()).build();
        ecs.registerTaskDefinition(r -> r.family(FAMILY).cpu(current.cpu()).memory(current.memory())
                .networkMode(current.networkMode()).requiresCompatibilities(current.requiresCompatibilities())
                .runtimePlatform(current.runtimePlatform()).executionRoleArn(current.executionRoleArn())
                .taskRoleArn(current.taskRoleArn()).containerDefinitions(changed).volumes(current.volumes())
                .tags(software.amazon.awssdk.services.ecs.model.Tag.builder().key(Tags.STACK).value(STACK).build(),
                        software.amazon.awssdk.services.ecs.model.Tag.builder().key(Tags.RESOURCE)
                                .value("compute/ecs/task-definition").build(),
                        software.amazon.awssdk.services.ecs.model.Tag.builder().key(Tags.NAME)
                                .value("tasktest-compute-ecs-task-definition").build()));

        Context context = fixture.runWithRoles();
        Live drifted = Runs.observe(context, definition, Optional.of(first.physicalId())).orElseThrow();
        assertThat(drifted.attribute("revision")).as("the latest revision is the one observed").isEqualTo("2");
        List<Difference> differences = Runs.diff(context, definition, drifted);
        assertThat(differences).extracting(Difference::field).containsExactly("container.environment");
        assertThat(differences.get(0).live()).contains("DEBUG=true");
        assertThat(differences.get(0).desired()).contains("DEBUG=false");

        Live updated = Runs.converge(context, definition, Optional.of(first.physicalId()));
        assertThat(updated.attribute("revision")).isEqualTo("3");
        assertThat(activeRevisions()).as("old revisions stay registered").hasSize(3);
        assertThat(environment(ecs.describeTaskDefinition(r -> r.taskDefinition(FAMILY)).taskDefinition()
                .containerDefinitions().get(0))).containsEntry("DEBUG", "false");
        Runs.converge(fixture.runWithRoles(), definition, Optional.of(updated.physicalId()));
        assertThat(activeRevisions()).as("a converge after the update registers nothing").hasSize(3);
    }

    @Test
    void missingTags_areATagCall_notARevision() {
        Live live = Runs.converge(fixture.runWithRoles(), definition, Optional.empty());
        ecs.untagResource(r -> r.resourceArn(live.arn()).tagKeys(Tags.RESOURCE));

        Context context = fixture.runWithRoles();
        Live drifted = Runs.observe(context, definition, Optional.of(live.physicalId())).orElseThrow();
        assertThat(Runs.diff(context, definition, drifted)).extracting(Difference::field).containsExactly("tags");
        Live updated = Runs.converge(context, definition, Optional.of(live.physicalId()));

        assertThat(updated.physicalId()).isEqualTo(live.physicalId());
        assertThat(activeRevisions()).hasSize(1);
        assertThat(tags(ecs.describeTaskDefinition(r -> r.taskDefinition(live.arn()).include(TaskDefinitionField.TAGS))))
                .containsEntry(Tags.RESOURCE, "compute/ecs/task-definition");
    }

    @Test
    void delete_deregistersAndDeletesEveryRevisionOfTheFamily() {
        Live first = Runs.converge(fixture.runWithRoles(), definition, Optional.empty());
        TaskDefinition current = ecs.describeTaskDefinition(r -> r.taskDefinition(first.arn())).taskDefinition();
        ecs.registerTaskDefinition(r -> r.family(FAMILY).cpu("1024").memory(current.memory())
                .networkMode(current.networkMode()).requiresCompatibilities(current.requiresCompatibilities())
                .containerDefinitions(current.containerDefinitions()));
        Live latest = Runs.observe(runs.context(), definition, Optional.empty()).orElseThrow();

        Runs.delete(runs.context(), definition, latest);

        assertThat(activeRevisions()).as("active revisions").isEmpty();
        assertThat(ecs.listTaskDefinitions(r -> r.familyPrefix(FAMILY).status(TaskDefinitionStatus.INACTIVE))
                .taskDefinitionArns()).as("inactive revisions left undeleted").isEmpty();
        assertThat(Runs.observe(runs.context(), definition, Optional.of(latest.physicalId()))).isEmpty();
    }

    private List<String> activeRevisions() {
        return ecs.listTaskDefinitions(r -> r.familyPrefix(FAMILY).status(TaskDefinitionStatus.ACTIVE))
                .taskDefinitionArns();
    }

    private String secretValue(String arn) {
        return runs.aws().secretsManager().getSecretValue(r -> r.secretId(arn)).secretString();
    }

    private static Map<String, String> environment(ContainerDefinition container) {
        return container.environment().stream().collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
    }

    private static Map<String, String> secrets(ContainerDefinition container) {
        return container.secrets().stream().collect(Collectors.toMap(Secret::name, Secret::valueFrom));
    }

    private static Map<String, String> tags(DescribeTaskDefinitionResponse described) {
        return described.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }
}
