package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Artifact;
import dev.yocto.resources.compute.image.BackendJar;
import dev.yocto.resources.compute.site.WebDist;
import dev.yocto.resources.api.LegacyKind;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.compute.EcrRepositoryResource;
import dev.yocto.resources.compute.ecs.AutoScalingResource;
import dev.yocto.resources.compute.ecs.ClusterResource;
import dev.yocto.resources.compute.ecs.ServiceResource;
import dev.yocto.resources.compute.ecs.TaskDefinitionResource;
import dev.yocto.resources.compute.iam.RolePolicies;
import dev.yocto.resources.compute.lb.ListenerResource;
import dev.yocto.resources.compute.lb.LoadBalancerResource;
import dev.yocto.resources.compute.lb.TargetGroupResource;
import dev.yocto.resources.compute.image.BackendImageResource;
import dev.yocto.resources.compute.image.DockerConnection;
import dev.yocto.resources.compute.image.DockerDaemon;
import dev.yocto.resources.compute.image.ImageSettings;
import dev.yocto.resources.compute.logs.LogGroupResource;
import dev.yocto.resources.compute.dns.AliasRecordsResource;
import dev.yocto.resources.compute.site.SiteBucket;
import dev.yocto.resources.compute.site.SiteContentResource;
import dev.yocto.resources.compute.site.SiteDistributionResource;
import dev.yocto.resources.config.StackConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compute layer of DESIGN §6: the backend image and its repository; the log group and the two
 * IAM roles; the ECS cluster, task definition, service and its auto scaling; the load balancer with
 * its target group and listeners; the frontend bucket, its content and distribution; and the alias
 * records of the site and the API.
 */
public final class ComputeLayer {

    public static final Address ECR_REPOSITORY = Address.of("compute/ecr-repository");
    public static final Address IMAGE = Address.of("compute/image");

    public static final Address LOG_GROUP = Address.of("compute/log-group");
    public static final Address EXECUTION_ROLE = Address.of("compute/role/execution");
    public static final Address TASK_ROLE = Address.of("compute/role/task");
    public static final Address CLUSTER = Address.of("compute/ecs/cluster");
    public static final Address TASK_DEFINITION = Address.of("compute/ecs/task-definition");

    public static final Address LOAD_BALANCER = Address.of("compute/lb/load-balancer");
    public static final Address TARGET_GROUP = Address.of("compute/lb/target-group");
    public static final Address LISTENER_HTTPS = Address.of("compute/lb/listener/https");
    public static final Address LISTENER_HTTP = Address.of("compute/lb/listener/http");
    public static final Address SERVICE = Address.of("compute/ecs/service");
    public static final Address AUTOSCALING = Address.of("compute/ecs/autoscaling");

    public static final Address SITE_BUCKET = Address.of("compute/site/bucket");
    public static final Address SITE_BUCKET_POLICY = Address.of("compute/site/bucket-policy");
    public static final Address SITE_DISTRIBUTION = Address.of("compute/site/distribution");
    public static final Address SITE_CONTENT = Address.of("compute/site/content");
    public static final Address SITE_RECORDS = Address.of("compute/dns/site");
    public static final Address API_RECORDS = Address.of("compute/dns/api");

    private ComputeLayer() {
    }

    /** The layer with the overrides of this process's environment and its Docker daemon. */
    public static List<Resource> resources(StackConfig config) {
        return resources(config, System.getenv(), DockerDaemon.fromEnvironment());
    }

    /**
     * @param environment {@code YOCTO_REGISTRY} (push there instead of the repository's registry) and
     *                    {@code YOCTO_BASE_IMAGE} (the Dockerfile's {@code BASE_IMAGE})
     */
    public static List<Resource> resources(StackConfig config, Map<String, String> environment,
                                           DockerConnection docker) {
        List<Resource> resources = new ArrayList<>(imagePipeline(config, environment, docker));
        // --- task: log group, roles, cluster, task definition
        resources.add(new LogGroupResource(LOG_GROUP, "backend", LogGroupResource.RETENTION_DAYS));
        resources.add(RolePolicies.executionRole(EXECUTION_ROLE, ECR_REPOSITORY, LOG_GROUP,
                List.of(DataLayer.SECRET_DB, DataLayer.SECRET_JWT, DataLayer.SECRET_CLOUDFRONT_KEY)));
        resources.add(RolePolicies.taskRole(TASK_ROLE, List.of(DataLayer.BUCKET_PUBLIC, DataLayer.BUCKET_PRIVATE)));
        resources.add(new ClusterResource(CLUSTER));
        resources.add(new TaskDefinitionResource(TASK_DEFINITION,
                TaskDefinitionResource.Settings.backend(config.service().cpu(), config.service().memory(),
                        config.siteDomain(), config.image().platform()),
                new TaskDefinitionResource.Inputs(IMAGE, LOG_GROUP, EXECUTION_ROLE, TASK_ROLE, DataLayer.BUCKET_PUBLIC,
                        DataLayer.BUCKET_PRIVATE, DataLayer.DISTRIBUTION_PUBLIC, DataLayer.DISTRIBUTION_PRIVATE,
                        DataLayer.PUBLIC_KEY, DataLayer.SECRET_DB, DataLayer.DB_CONNECTION, DataLayer.SECRET_JWT,
                        DataLayer.SECRET_CLOUDFRONT_KEY)));
        // --- end task
        // --- service: load balancer, target group, listeners, service, auto scaling
        resources.add(new LoadBalancerResource(LOAD_BALANCER));
        resources.add(new TargetGroupResource(TARGET_GROUP));
        resources.add(ListenerResource.https(LISTENER_HTTPS, LOAD_BALANCER, TARGET_GROUP, DnsLayer.CERTIFICATE_REGIONAL));
        resources.add(ListenerResource.http(LISTENER_HTTP, LOAD_BALANCER));
        resources.add(new ServiceResource(SERVICE, config.service()));
        resources.add(new AutoScalingResource(AUTOSCALING, config.service()));
        // --- end service
        // --- site: frontend bucket, policy, distribution, content, alias records
        resources.add(LegacyKind.converted(SiteBucket.bucket(SITE_BUCKET)));
        resources.add(new SiteDistributionResource(SITE_DISTRIBUTION,
                new SiteDistributionResource.Settings(config.siteDomain(), config.apiDomain()), SITE_BUCKET,
                DataLayer.ORIGIN_ACCESS_CONTROL, DnsLayer.CERTIFICATE_CLOUDFRONT));
        resources.add(LegacyKind.converted(SiteBucket.policy(SITE_BUCKET_POLICY, SITE_BUCKET, SITE_DISTRIBUTION)));
        resources.add(new SiteContentResource(SITE_CONTENT, config.web().dir(), SITE_BUCKET, SITE_DISTRIBUTION));
        resources.add(AliasRecordsResource.toDistribution(SITE_RECORDS, config.siteDomain(), DnsLayer.ZONE,
                SITE_DISTRIBUTION));
        resources.add(AliasRecordsResource.toLoadBalancer(API_RECORDS, config.apiDomain(), DnsLayer.ZONE,
                LOAD_BALANCER));
        // --- end site
        return resources;
    }

    /** The repository and the image, with the overrides of this process's environment and its Docker daemon. */
    public static List<Resource> imagePipeline(StackConfig config) {
        return imagePipeline(config, System.getenv(), DockerDaemon.fromEnvironment());
    }

    public static List<Resource> imagePipeline(StackConfig config, Map<String, String> environment,
                                               DockerConnection docker) {
        return List.of(new EcrRepositoryResource(ECR_REPOSITORY, repositoryName(config.stack())),
                new BackendImageResource(IMAGE, ImageSettings.backend(config.image(), environment), ECR_REPOSITORY,
                        repositoryName(config.stack()), docker));
    }

    /** What provision builds before the graph: the backend jar (when the context is a Maven module) and the web build. */
    public static List<Artifact> artifacts(StackConfig config, Map<String, String> environment) {
        ImageSettings image = ImageSettings.backend(config.image(), environment);
        List<Artifact> artifacts = new ArrayList<>();
        image.mavenArtifact().ifPresent(jar -> artifacts.add(new BackendJar(IMAGE, image.directory(), jar)));
        artifacts.add(new WebDist(SITE_CONTENT, java.nio.file.Path.of(config.web().dir()).toAbsolutePath().normalize()));
        return artifacts;
    }

    public static String repositoryName(String stack) {
        return stack + "/backend";
    }
}
