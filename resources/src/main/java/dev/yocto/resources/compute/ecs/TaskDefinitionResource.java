package dev.yocto.resources.compute.ecs;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;
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
public final class TaskDefinitionResource implements Resource {

    public static final String CONTAINER = "app";
    public static final String HEALTH_PATH = "/api/v1/health/";
    /** At most this many revisions per DeleteTaskDefinitions call. */
    private static final int DELETE_BATCH = 10;

    /**
     * @param cpu            task size in CPU units, as ECS takes it (a string)
     * @param memory         task memory in MiB, as a string
     * @param siteDomain     the site's host name, for the backend's CORS ({@code FORWARD_FACING_NAME})
     * @param port           where the backend listens
     * @param healthCheck    seconds of interval, timeout and start period, and the retries, of the container health check
     * @param cpuArchitecture the image's: {@code ARM64} for linux/arm64, {@code X86_64} for linux/amd64
     */
    public record Settings(String cpu, String memory, String siteDomain, int port, HealthCheckTiming healthCheck,
                           String logStreamPrefix, CPUArchitecture cpuArchitecture) {

        /** The backend as app/Dockerfile builds it: port 80, the image's health check timing, logs under "backend". */
        public static Settings backend(int cpu, int memory, String siteDomain, String platform) {
            return new Settings(String.valueOf(cpu), String.valueOf(memory), siteDomain, 80, HealthCheckTiming.DEFAULT,
                    "backend", platform.endsWith("/amd64") ? CPUArchitecture.X86_64 : CPUArchitecture.ARM64);
        }
    }

    public record HealthCheckTiming(int intervalSeconds, int timeoutSeconds, int retries, int startPeriodSeconds) {

        /** As the Dockerfile's HEALTHCHECK: a JVM start with migrations takes well under a minute. */
        public static final HealthCheckTiming DEFAULT = new HealthCheckTiming(30, 5, 3, 60);
    }

    /**
     * The resources whose attributes the definition names. {@code dbConnection} writes host and port
     * into the {@code db} secret; a task started before that could not resolve those secret keys,
     * so it is a dependency though no attribute of it is read.
     */
    public record Inputs(Address image, Address logGroup, Address executionRole, Address taskRole,
                         Address publicBucket, Address privateBucket, Address publicDistribution,
                         Address privateDistribution, Address publicKey, Address dbSecret, Address dbConnection,
                         Address jwtSecret, Address cloudFrontKeySecret) {

        Set<Address> all() {
            return Set.of(image, logGroup, executionRole, taskRole, publicBucket, privateBucket, publicDistribution,
                    privateDistribution, publicKey, dbSecret, dbConnection, jwtSecret, cloudFrontKeySecret);
        }
    }

    private final Address address;
    private final Settings settings;
    private final Inputs inputs;

    public TaskDefinitionResource(Address address, Settings settings, Inputs inputs) {
        this.address = address;
        this.settings = settings;
        this.inputs = inputs;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "ecs:task-definition";
    }

    @Override
    public Set<Address> dependencies() {
        return inputs.all();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    public static String family(Context context) {
        return context.stack() + "-backend";
    }

    /**
     * The latest ACTIVE revision of the family, found by name: the revision in state ({@code knownId})
     * may since have been superseded, by yocto or by hand.
     */
    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
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
                .max(Comparator.comparingInt(TaskDefinitionResource::revisionOf));
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
        return new Live(definition.family(), arn, Map.of("arn", arn, "family", definition.family(),
                "revision", String.valueOf(definition.revision())),
                TaskDefinitionFields.of(definition, tags, CONTAINER));
    }

    /** RegisterTaskDefinition has no idempotency token; a retry after a crash registers a revision equal to the last. */
    @Override
    public Live create(Context context) {
        return register(context);
    }

    private Live register(Context context) {
        RegisterTaskDefinitionResponse registered = context.aws().ecs().registerTaskDefinition(request(context));
        context.report(address, "registered " + registered.taskDefinition().taskDefinitionArn());
        return live(registered.taskDefinition(), registered.tags());
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return TaskDefinitionFields.of(request(context), CONTAINER);
    }

    /** Tags alone are a tag call on the live revision; anything else is a new revision. */
    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        boolean onlyTags = differences.stream().allMatch(d -> TaskDefinitionFields.TAG_FIELDS.contains(d.field()));
        if (!onlyTags) {
            return register(context);
        }
        EcsClient ecs = context.aws().ecs();
        ecs.tagResource(r -> r.resourceArn(live.arn()).tags(tags(context)));
        DescribeTaskDefinitionResponse described = ecs.describeTaskDefinition(r -> r.taskDefinition(live.arn())
                .include(TaskDefinitionField.TAGS));
        return live(described.taskDefinition(), described.tags());
    }

    RegisterTaskDefinitionRequest request(Context context) {
        return RegisterTaskDefinitionRequest.builder()
                .family(family(context))
                .cpu(settings.cpu())
                .memory(settings.memory())
                .networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE)
                .runtimePlatform(p -> p.operatingSystemFamily(OSFamily.LINUX).cpuArchitecture(settings.cpuArchitecture()))
                .executionRoleArn(attribute(context, inputs.executionRole(), "arn"))
                .taskRoleArn(attribute(context, inputs.taskRole(), "arn"))
                .containerDefinitions(container(context))
                .tags(tags(context))
                .build();
    }

    private ContainerDefinition container(Context context) {
        HealthCheckTiming timing = settings.healthCheck();
        return ContainerDefinition.builder()
                .name(CONTAINER)
                .image(attribute(context, inputs.image(), "imageUri"))
                .essential(true)
                .portMappings(p -> p.name("http").containerPort(settings.port()).protocol(TransportProtocol.TCP)
                        .appProtocol(ApplicationProtocol.HTTP))
                .environment(environment(context))
                .secrets(secrets(context))
                .healthCheck(h -> h.command("CMD-SHELL", "curl -f http://localhost" + portSuffix() + HEALTH_PATH
                                + " || exit 1")
                        .interval(timing.intervalSeconds()).timeout(timing.timeoutSeconds())
                        .retries(timing.retries()).startPeriod(timing.startPeriodSeconds()))
                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
                        "awslogs-group", attribute(context, inputs.logGroup(), "name"),
                        "awslogs-region", context.region(),
                        "awslogs-stream-prefix", settings.logStreamPrefix())))
                // The image runs as user 10001 and listens on port 80 (app/Dockerfile).
                .systemControls(c -> c.namespace("net.ipv4.ip_unprivileged_port_start").value("0"))
                .build();
    }

    private String portSuffix() {
        return settings.port() == 80 ? "" : ":" + settings.port();
    }

    /** The backend's configuration (app/README.md): the distributions by domain name, the key by its id. */
    private List<KeyValuePair> environment(Context context) {
        List<KeyValuePair> environment = new ArrayList<>();
        environment.add(pair("PRODUCTION", "true"));
        environment.add(pair("DEBUG", "false"));
        environment.add(pair("FORWARD_FACING_NAME", settings.siteDomain()));
        environment.add(pair("PUBLIC_IMAGES_BUCKET", attribute(context, inputs.publicBucket(), "name")));
        environment.add(pair("PRIVATE_IMAGES_BUCKET", attribute(context, inputs.privateBucket(), "name")));
        environment.add(pair("PUBLIC_IMAGES_CLOUDFRONT_DISTRIBUTION",
                attribute(context, inputs.publicDistribution(), "domainName")));
        environment.add(pair("PRIVATE_IMAGES_CLOUDFRONT_DISTRIBUTION",
                attribute(context, inputs.privateDistribution(), "domainName")));
        environment.add(pair("CLOUDFRONT_KEY_PAIR_ID", attribute(context, inputs.publicKey(), "id")));
        return environment;
    }

    private static KeyValuePair pair(String name, String value) {
        return KeyValuePair.builder().name(name).value(value).build();
    }

    /**
     * The {@code db} secret is JSON (RDS format), so each variable names its key
     * ({@code <arn>:<key>::}); the jwt and cloudfront-key secrets are plain strings, used whole.
     */
    private List<Secret> secrets(Context context) {
        String db = attribute(context, inputs.dbSecret(), "arn");
        return List.of(
                secret("POSTGRES_HOST", db + ":host::"),
                secret("POSTGRES_PORT", db + ":port::"),
                secret("POSTGRES_USER", db + ":username::"),
                secret("POSTGRES_PASSWORD", db + ":password::"),
                secret("POSTGRES_DB", db + ":dbname::"),
                secret("SECRET_KEY", attribute(context, inputs.jwtSecret(), "arn")),
                secret("CLOUDFRONT_PRIVATE_KEY", attribute(context, inputs.cloudFrontKeySecret(), "arn")));
    }

    private static Secret secret(String name, String valueFrom) {
        return Secret.builder().name(name).valueFrom(valueFrom).build();
    }

    private static String attribute(Context context, Address dependency, String name) {
        return context.dependency(dependency).attribute(name);
    }

    private List<Tag> tags(Context context) {
        return context.tags(address).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * Deregisters every ACTIVE revision of the family, then deletes the INACTIVE ones (ECS finishes
     * a deletion once no task uses the revision any more).
     */
    @Override
    public void delete(Context context, Live live) {
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
