package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Ref;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.ecs.model.Volume;

/**
 * The backend's Fargate task definition (DESIGN §6), family {@code <stack>-backend}: one essential
 * container {@code app} running the image by digest, port 80, its configuration in environment
 * variables and its credentials as secrets that ECS reads with the execution role when the task
 * starts, so no secret value passes through yocto.
 *
 * <p>What is live is the latest ACTIVE revision of the family, whoever registered it. Any difference
 * other than tags registers a new revision; a run without differences registers none. Old
 * revisions stay registered: running tasks and the deployment circuit breaker's rollback use them.
 * Teardown deregisters every active revision and then deletes them.
 */
public final class TaskDefinitionKind implements Kind<TaskDefinitionKind.Settings> {

    public static final String ID = "ecs:task-definition";
    public static final TaskDefinitionKind KIND = new TaskDefinitionKind();
    /** The ARN of the latest revision. */
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    public static final String CONTAINER = "app";
    public static final String HEALTH_PATH = "/api/v1/health/";
    /**
     * The container's only writable place: its root filesystem is read-only, and Fargate has no
     * tmpfs ({@code linuxParameters.tmpfs} is EC2-only), so {@code /tmp} is a bind mount of the
     * task's ephemeral storage. app/Dockerfile declares {@code VOLUME /tmp}, so the volume starts
     * as the image's /tmp, mode 1777, rather than root's 0755 (ECS developer guide, "Bind mounts").
     */
    public static final String SCRATCH_VOLUME = "tmp";
    public static final String SCRATCH_PATH = "/tmp";
    /** At most this many revisions per DeleteTaskDefinitions call. */
    private static final int DELETE_BATCH = 10;

    /**
     * @param cpu            task size in CPU units, as ECS takes it (a string)
     * @param memory         task memory in MiB, as a string
     * @param siteDomain     the site's host name, for the backend's CORS ({@code FORWARD_FACING_NAME})
     * @param port           where the backend listens
     * @param healthCheck    seconds of interval, timeout and start period, and the retries, of the container health check
     * @param cpuArchitecture the image's: {@code ARM64} for linux/arm64, {@code X86_64} for linux/amd64
     * @param inputs         what the definition names of other resources
     */
    public record Settings(String cpu, String memory, String siteDomain, int port, HealthCheckTiming healthCheck,
                           String logStreamPrefix, CPUArchitecture cpuArchitecture, Inputs inputs) {

        /** The backend as app/Dockerfile builds it: port 80, the image's health check timing, logs under "backend". */
        public static Settings backend(int cpu, int memory, String siteDomain, String platform, Inputs inputs) {
            return new Settings(String.valueOf(cpu), String.valueOf(memory), siteDomain, 80, HealthCheckTiming.DEFAULT,
                    "backend", platform.endsWith("/amd64") ? CPUArchitecture.X86_64 : CPUArchitecture.ARM64, inputs);
        }
    }

    public record HealthCheckTiming(int intervalSeconds, int timeoutSeconds, int retries, int startPeriodSeconds) {

        /** As the Dockerfile's HEALTHCHECK: a JVM start with migrations takes well under a minute. */
        public static final HealthCheckTiming DEFAULT = new HealthCheckTiming(30, 5, 3, 60);
    }

    /**
     * The values of other resources the definition names. {@code dbSecretArn} is read from the
     * resource that writes host and port into the {@code db} secret: a task started before that
     * could not resolve those secret keys.
     */
    public record Inputs(Ref<String> imageUri, Ref<String> logGroupName, Ref<String> executionRoleArn,
                         Ref<String> taskRoleArn, Ref<String> publicBucketName, Ref<String> privateBucketName,
                         Ref<String> publicDistributionDomain, Ref<String> privateDistributionDomain,
                         Ref<String> cloudFrontKeyId, Ref<String> dbSecretArn, Ref<String> jwtSecretArn,
                         Ref<String> cloudFrontKeySecretArn) {
    }

    private TaskDefinitionKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    public static String family(Context context) {
        return context.stack() + "-backend";
    }

    /**
     * The latest ACTIVE revision of the family, found by name: the revision in state ({@code knownId})
     * may since have been superseded, by yocto or by hand.
     */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        EcsClient ecs = context.aws().ecs();
        return latestActive(ecs, family(context)).map(arn -> {
            DescribeTaskDefinitionResponse described = ecs.describeTaskDefinition(r -> r.taskDefinition(arn)
                    .include(TaskDefinitionField.TAGS));
            return live(described.taskDefinition(), described.tags());
        });
    }

    /**
     * Asks for one ARN, newest first, and takes the highest revision of what comes back, which is
     * the same thing on AWS and right too where an emulator ignores the sort and the page size.
     */
    private static Optional<String> latestActive(EcsClient ecs, String family) {
        return ecs.listTaskDefinitions(r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE)
                        .sort(SortOrder.DESC).maxResults(1)).taskDefinitionArns().stream()
                .filter(arn -> family.equals(familyOf(arn)))
                .max(Comparator.comparingInt(TaskDefinitionKind::revisionOf));
    }

    /** {@code arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>} */
    private static String familyOf(String arn) {
        String familyAndRevision = arn.substring(arn.lastIndexOf('/') + 1);
        return familyAndRevision.substring(0, familyAndRevision.lastIndexOf(':'));
    }

    private static int revisionOf(String arn) {
        return Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1));
    }

    /**
     * Its id is the family: a revision registered since, by yocto or by hand, is the same resource
     * with other content (drift), not another resource. The revision's ARN is the {@code arn} attribute.
     */
    private static Live live(TaskDefinition definition, List<Tag> tags) {
        String arn = definition.taskDefinitionArn();
        return new Live(definition.family(), arn, Map.of(ARN.name(), arn, "family", definition.family(),
                "revision", String.valueOf(definition.revision())),
                TaskDefinitionFields.of(definition, tags, CONTAINER));
    }

    /** RegisterTaskDefinition has no idempotency token; a retry after a crash registers a revision equal to the last. */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        return register(context, desired);
    }

    private static Live register(Context context, Desired<Settings> desired) {
        RegisterTaskDefinitionResponse registered = context.aws().ecs().registerTaskDefinition(request(context, desired));
        context.report(desired.address(), "registered " + registered.taskDefinition().taskDefinitionArn());
        return live(registered.taskDefinition(), registered.tags());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return TaskDefinitionFields.of(request(context, desired), CONTAINER);
    }

    /** Tags alone are a tag call on the live revision; anything else is a new revision. */
    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        boolean onlyTags = differences.stream().allMatch(d -> TaskDefinitionFields.TAG_FIELDS.contains(d.field()));
        if (!onlyTags) {
            return register(context, desired);
        }
        EcsClient ecs = context.aws().ecs();
        ecs.tagResource(r -> r.resourceArn(live.arn()).tags(tags(context, desired.address())));
        DescribeTaskDefinitionResponse described = ecs.describeTaskDefinition(r -> r.taskDefinition(live.arn())
                .include(TaskDefinitionField.TAGS));
        return live(described.taskDefinition(), described.tags());
    }

    static RegisterTaskDefinitionRequest request(Context context, Desired<Settings> desired) {
        Settings settings = desired.settings();
        Inputs inputs = settings.inputs();
        return RegisterTaskDefinitionRequest.builder()
                .family(family(context))
                .cpu(settings.cpu())
                .memory(settings.memory())
                .networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE)
                .runtimePlatform(p -> p.operatingSystemFamily(OSFamily.LINUX).cpuArchitecture(settings.cpuArchitecture()))
                .executionRoleArn(context.value(inputs.executionRoleArn()))
                .taskRoleArn(context.value(inputs.taskRoleArn()))
                .containerDefinitions(container(context, settings))
                .volumes(Volume.builder().name(SCRATCH_VOLUME).build())
                .tags(tags(context, desired.address()))
                .build();
    }

    private static ContainerDefinition container(Context context, Settings settings) {
        HealthCheckTiming timing = settings.healthCheck();
        Inputs inputs = settings.inputs();
        return ContainerDefinition.builder()
                .name(CONTAINER)
                .image(context.value(inputs.imageUri()))
                .essential(true)
                .readonlyRootFilesystem(true)
                .mountPoints(MountPoint.builder().sourceVolume(SCRATCH_VOLUME).containerPath(SCRATCH_PATH)
                        .readOnly(false).build())
                .portMappings(p -> p.name("http").containerPort(settings.port()).protocol(TransportProtocol.TCP)
                        .appProtocol(ApplicationProtocol.HTTP))
                .environment(environment(context, settings))
                .secrets(secrets(context, inputs))
                .healthCheck(h -> h.command("CMD-SHELL", "curl -f http://localhost" + portSuffix(settings) + HEALTH_PATH
                                + " || exit 1")
                        .interval(timing.intervalSeconds()).timeout(timing.timeoutSeconds())
                        .retries(timing.retries()).startPeriod(timing.startPeriodSeconds()))
                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
                        "awslogs-group", context.value(inputs.logGroupName()),
                        "awslogs-region", context.region(),
                        "awslogs-stream-prefix", settings.logStreamPrefix())))
                // The image runs as user 10001 and listens on port 80 (app/Dockerfile).
                .systemControls(c -> c.namespace("net.ipv4.ip_unprivileged_port_start").value("0"))
                .build();
    }

    private static String portSuffix(Settings settings) {
        return settings.port() == 80 ? "" : ":" + settings.port();
    }

    /** The backend's configuration (app/README.md): the distributions by domain name, the key by its id. */
    private static List<KeyValuePair> environment(Context context, Settings settings) {
        Inputs inputs = settings.inputs();
        List<KeyValuePair> environment = new ArrayList<>();
        environment.add(pair("PRODUCTION", "true"));
        environment.add(pair("DEBUG", "false"));
        environment.add(pair("FORWARD_FACING_NAME", settings.siteDomain()));
        environment.add(pair("PUBLIC_IMAGES_BUCKET", context.value(inputs.publicBucketName())));
        environment.add(pair("PRIVATE_IMAGES_BUCKET", context.value(inputs.privateBucketName())));
        environment.add(pair("PUBLIC_IMAGES_CLOUDFRONT_DISTRIBUTION", context.value(inputs.publicDistributionDomain())));
        environment.add(pair("PRIVATE_IMAGES_CLOUDFRONT_DISTRIBUTION",
                context.value(inputs.privateDistributionDomain())));
        environment.add(pair("CLOUDFRONT_KEY_PAIR_ID", context.value(inputs.cloudFrontKeyId())));
        return environment;
    }

    private static KeyValuePair pair(String name, String value) {
        return KeyValuePair.builder().name(name).value(value).build();
    }

    /**
     * The {@code db} secret is JSON (RDS format), so each variable names its key
     * ({@code <arn>:<key>::}); the jwt and cloudfront-key secrets are plain strings, used whole.
     */
    private static List<Secret> secrets(Context context, Inputs inputs) {
        String db = context.value(inputs.dbSecretArn());
        return List.of(
                secret("POSTGRES_HOST", db + ":host::"),
                secret("POSTGRES_PORT", db + ":port::"),
                secret("POSTGRES_USER", db + ":username::"),
                secret("POSTGRES_PASSWORD", db + ":password::"),
                secret("POSTGRES_DB", db + ":dbname::"),
                secret("SECRET_KEY", context.value(inputs.jwtSecretArn())),
                secret("CLOUDFRONT_PRIVATE_KEY", context.value(inputs.cloudFrontKeySecretArn())));
    }

    private static Secret secret(String name, String valueFrom) {
        return Secret.builder().name(name).valueFrom(valueFrom).build();
    }

    private static List<Tag> tags(Context context, Address address) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * Deregisters every ACTIVE revision of the family, then deletes the INACTIVE ones (ECS finishes
     * a deletion once no task uses the revision any more).
     */
    @Override
    public void delete(Context context, Address address, Live live) {
        EcsClient ecs = context.aws().ecs();
        String family = live.attribute("family");
        for (String arn : revisions(ecs, family, TaskDefinitionStatus.ACTIVE)) {
            ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn));
        }
        List<String> inactive = revisions(ecs, family, TaskDefinitionStatus.INACTIVE);
        for (int from = 0; from < inactive.size(); from += DELETE_BATCH) {
            List<String> batch = inactive.subList(from, Math.min(from + DELETE_BATCH, inactive.size()));
            ecs.deleteTaskDefinitions(r -> r.taskDefinitions(batch)).failures().forEach(failure ->
                    context.report(address, "could not delete " + failure.arn() + ": " + failure.reason()));
        }
    }

    private static List<String> revisions(EcsClient ecs, String family, TaskDefinitionStatus status) {
        return ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(status)).taskDefinitionArns()
                .stream().filter(arn -> family.equals(familyOf(arn))).toList();
    }
}
