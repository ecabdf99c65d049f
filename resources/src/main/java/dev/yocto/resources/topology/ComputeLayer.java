package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Artifact;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Ref;
import dev.yocto.resources.compute.EcrRepositoryKind;
import dev.yocto.resources.compute.dns.AliasRecordsKind;
import dev.yocto.resources.compute.ecs.AutoScalingKind;
import dev.yocto.resources.compute.ecs.ClusterKind;
import dev.yocto.resources.compute.ecs.ServiceKind;
import dev.yocto.resources.compute.ecs.TaskDefinitionKind;
import dev.yocto.resources.compute.iam.RoleKind;
import dev.yocto.resources.compute.iam.RolePolicies;
import dev.yocto.resources.compute.image.BackendImageKind;
import dev.yocto.resources.compute.image.BackendJar;
import dev.yocto.resources.compute.image.ImageSettings;
import dev.yocto.resources.compute.lb.ListenerKind;
import dev.yocto.resources.compute.lb.ListenerRuleKind;
import dev.yocto.resources.compute.lb.LoadBalancerKind;
import dev.yocto.resources.compute.lb.TargetGroupKind;
import dev.yocto.resources.compute.logs.LogGroupKind;
import dev.yocto.resources.compute.site.SiteBucket;
import dev.yocto.resources.compute.site.SiteContentKind;
import dev.yocto.resources.compute.site.SiteDistribution;
import dev.yocto.resources.compute.site.WebAclKind;
import dev.yocto.resources.compute.site.WebDist;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.data.buckets.BucketKind;
import dev.yocto.resources.data.cdn.DistributionKind;
import dev.yocto.resources.data.cdn.ResponseHeadersPolicyKind;
import dev.yocto.resources.data.cdn.OriginAccessControlKind;
import dev.yocto.resources.data.cdn.PublicKeyKind;
import dev.yocto.resources.data.secrets.ConnectionFieldsKind;
import dev.yocto.resources.data.secrets.SecretKind;
import dev.yocto.resources.data.secrets.SecretValues;
import dev.yocto.resources.dns.CertificateKind;
import dev.yocto.resources.dns.HostedZoneKind;
import dev.yocto.resources.network.InternetGatewayKind;
import dev.yocto.resources.network.SecurityGroupKind;
import dev.yocto.resources.network.VpcKind;
import dev.yocto.resources.topology.NetworkLayer.Tier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    public static final Address ORIGIN_SECRET = Address.of("compute/secret/origin-header");
    public static final Address ORIGIN_RULE = Address.of("compute/lb/listener/https/origin-rule");
    public static final Address SERVICE = Address.of("compute/ecs/service");
    public static final Address AUTOSCALING = Address.of("compute/ecs/autoscaling");

    public static final Address SITE_BUCKET = Address.of("compute/site/bucket");
    public static final Address SITE_BUCKET_POLICY = Address.of("compute/site/bucket-policy");
    public static final Address SITE_DISTRIBUTION = Address.of("compute/site/distribution");
    public static final Address SITE_HEADERS = Address.of("compute/site/headers");
    public static final Address SITE_WEB_ACL = Address.of("compute/site/web-acl");
    public static final Address SITE_CONTENT = Address.of("compute/site/content");
    public static final Address SITE_RECORDS = Address.of("compute/dns/site");
    public static final Address API_RECORDS = Address.of("compute/dns/api");

    private ComputeLayer() {
    }

    /** The layer with the overrides of this process's environment. */
    public static List<Desired<?>> resources(StackConfig config) {
        return resources(config, System.getenv());
    }

    /**
     * @param environment {@code YOCTO_REGISTRY} (push there instead of the repository's registry) and
     *                    {@code YOCTO_BASE_IMAGE} (the Dockerfile's {@code BASE_IMAGE})
     */
    public static List<Desired<?>> resources(StackConfig config, Map<String, String> environment) {
        List<Desired<?>> resources = new ArrayList<>(imagePipeline(config, environment));
        resources.addAll(task(config));
        resources.addAll(service(config));
        resources.addAll(site(config));
        return resources;
    }

    /** The log group, the two roles, the cluster and the task definition. */
    static List<Desired<?>> task(StackConfig config) {
        Desired<LogGroupKind.Settings> logGroup = Desired.of(LOG_GROUP, LogGroupKind.KIND,
                new LogGroupKind.Settings("backend", LogGroupKind.RETENTION_DAYS));
        Desired<RoleKind.Settings> executionRole = Desired.of(EXECUTION_ROLE, RoleKind.KIND,
                RolePolicies.executionRole(EcrRepositoryKind.ARN.of(ECR_REPOSITORY), logGroup.ref(LogGroupKind.ARN),
                        List.of(SecretKind.ARN.of(DataLayer.SECRET_DB), SecretKind.ARN.of(DataLayer.SECRET_JWT),
                                SecretKind.ARN.of(DataLayer.SECRET_CLOUDFRONT_KEY))));
        Desired<RoleKind.Settings> taskRole = Desired.of(TASK_ROLE, RoleKind.KIND, RolePolicies.taskRole(
                List.of(BucketKind.ARN.of(DataLayer.BUCKET_PUBLIC), BucketKind.ARN.of(DataLayer.BUCKET_PRIVATE))));
        Desired<ClusterKind.Settings> cluster = Desired.of(CLUSTER, ClusterKind.KIND,
                new ClusterKind.Settings(ClusterKind.CAPACITY_PROVIDERS));
        Desired<TaskDefinitionKind.Settings> taskDefinition = Desired.of(TASK_DEFINITION, TaskDefinitionKind.KIND,
                TaskDefinitionKind.Settings.backend(config.service().cpu(), config.service().memory(),
                        config.siteDomain(), config.image().platform(), new TaskDefinitionKind.Inputs(
                                BackendImageKind.IMAGE_URI.of(IMAGE), logGroup.ref(LogGroupKind.NAME),
                                executionRole.ref(RoleKind.ARN), taskRole.ref(RoleKind.ARN),
                                BucketKind.NAME.of(DataLayer.BUCKET_PUBLIC), BucketKind.NAME.of(DataLayer.BUCKET_PRIVATE),
                                DistributionKind.DOMAIN_NAME.of(DataLayer.DISTRIBUTION_PUBLIC),
                                DistributionKind.DOMAIN_NAME.of(DataLayer.DISTRIBUTION_PRIVATE),
                                PublicKeyKind.KEY_ID.of(DataLayer.PUBLIC_KEY),
                                ConnectionFieldsKind.SECRET_ARN.of(DataLayer.DB_CONNECTION),
                                SecretKind.ARN.of(DataLayer.SECRET_JWT), SecretKind.ARN.of(DataLayer.SECRET_CLOUDFRONT_KEY))));
        return List.of(logGroup, executionRole, taskRole, cluster, taskDefinition);
    }

    /** The load balancer, target group, listeners, service and its auto scaling. */
    static List<Desired<?>> service(StackConfig config) {
        Desired<LoadBalancerKind.Settings> loadBalancer = Desired.of(LOAD_BALANCER, LoadBalancerKind.KIND,
                LoadBalancerKind.Settings.internetFacing(List.of(NetworkLayer.subnetId(Tier.PUBLIC, 0),
                        NetworkLayer.subnetId(Tier.PUBLIC, 1)), SecurityGroupKind.GROUP_ID.of(NetworkLayer.SG_ALB),
                        InternetGatewayKind.GATEWAY_ID.of(NetworkLayer.INTERNET_GATEWAY)));
        Desired<TargetGroupKind.Settings> targetGroup = Desired.of(TARGET_GROUP, TargetGroupKind.KIND,
                TargetGroupKind.Settings.tasks(VpcKind.VPC_ID.of(NetworkLayer.VPC)));
        Ref<String> loadBalancerArn = loadBalancer.ref(LoadBalancerKind.ARN);
        Desired<ListenerKind.Settings> https = Desired.of(LISTENER_HTTPS, ListenerKind.KIND,
                ListenerKind.Settings.https(loadBalancerArn, CertificateKind.ARN.of(DnsLayer.CERTIFICATE_REGIONAL)));
        Desired<ListenerKind.Settings> http = Desired.of(LISTENER_HTTP, ListenerKind.KIND,
                ListenerKind.Settings.http(loadBalancerArn));
        Desired<SecretKind.Settings> originSecret = Desired.of(ORIGIN_SECRET, SecretKind.KIND, new SecretKind.Settings(
                "origin-header", "The value of the header the site distribution sends to the load balancer",
                SecretValues.headerToken()));
        Desired<ListenerRuleKind.Settings> originRule = Desired.of(ORIGIN_RULE, ListenerRuleKind.KIND,
                ListenerRuleKind.Settings.originHeader(https.ref(ListenerKind.ARN), originSecret.ref(SecretKind.ARN),
                        targetGroup.ref(TargetGroupKind.ARN)));
        StackConfig.Service service = config.service();
        Desired<ServiceKind.Settings> ecsService = Desired.of(SERVICE, ServiceKind.KIND, new ServiceKind.Settings(
                ServiceKind.SERVICE_NAME, ServiceKind.CONTAINER, 80, service.desiredCount(), service.maxCount(),
                service.spotWeight(), 60, 100, 200, ClusterKind.NAME.of(CLUSTER),
                TaskDefinitionKind.ARN.of(TASK_DEFINITION), targetGroup.ref(TargetGroupKind.ARN),
                originRule.ref(ListenerRuleKind.ARN), List.of(NetworkLayer.subnetId(Tier.PRIVATE, 0),
                        NetworkLayer.subnetId(Tier.PRIVATE, 1)), SecurityGroupKind.GROUP_ID.of(NetworkLayer.SG_APP),
                NetworkLayer.privateEgress(config)));
        Desired<AutoScalingKind.Settings> autoScaling = Desired.of(AUTOSCALING, AutoScalingKind.KIND,
                AutoScalingKind.Settings.cpu(service.desiredCount(), service.maxCount(),
                        ecsService.ref(ServiceKind.CLUSTER), ecsService.ref(ServiceKind.NAME)));
        return List.of(loadBalancer, targetGroup, https, http, originSecret, originRule, ecsService, autoScaling);
    }

    /** The frontend bucket, its policy, distribution and content, and the alias records of the site and the API. */
    static List<Desired<?>> site(StackConfig config) {
        List<Desired<?>> resources = new ArrayList<>();
        resources.add(SiteBucket.bucket(SITE_BUCKET));
        Desired<ResponseHeadersPolicyKind.Settings> headers = Desired.of(SITE_HEADERS, ResponseHeadersPolicyKind.KIND,
                ResponseHeadersPolicyKind.Settings.site(List.of(DistributionKind.DOMAIN_NAME.of(DataLayer.DISTRIBUTION_PUBLIC),
                        DistributionKind.DOMAIN_NAME.of(DataLayer.DISTRIBUTION_PRIVATE)), List.of(
                        BucketKind.REGIONAL_DOMAIN_NAME.of(DataLayer.BUCKET_PUBLIC),
                        BucketKind.REGIONAL_DOMAIN_NAME.of(DataLayer.BUCKET_PRIVATE))));
        resources.add(headers);
        Optional<Desired<WebAclKind.Settings>> webAcl = config.waf().enabled()
                ? Optional.of(Desired.of(SITE_WEB_ACL, WebAclKind.KIND, new WebAclKind.Settings(config.waf().rateLimit())))
                : Optional.empty();
        webAcl.ifPresent(resources::add);
        resources.add(Desired.of(SITE_DISTRIBUTION, DistributionKind.KIND, new SiteDistribution(config.siteDomain(),
                config.apiDomain(), BucketKind.REGIONAL_DOMAIN_NAME.of(SITE_BUCKET),
                OriginAccessControlKind.CONTROL_ID.of(DataLayer.ORIGIN_ACCESS_CONTROL),
                CertificateKind.ARN.of(DnsLayer.CERTIFICATE_CLOUDFRONT), headers.ref(ResponseHeadersPolicyKind.POLICY_ID),
                SecretKind.ARN.of(ORIGIN_SECRET), webAcl.map(acl -> acl.ref(WebAclKind.ARN)))));
        resources.add(SiteBucket.policy(SITE_BUCKET_POLICY, SITE_BUCKET, SITE_DISTRIBUTION));
        resources.add(Desired.of(SITE_CONTENT, SiteContentKind.KIND, new SiteContentKind.Settings(
                webDirectory(config).toString(), BucketKind.NAME.of(SITE_BUCKET),
                DistributionKind.DISTRIBUTION_ID.of(SITE_DISTRIBUTION))));
        Ref<String> zoneId = HostedZoneKind.ZONE_ID.of(DnsLayer.ZONE);
        resources.add(Desired.of(SITE_RECORDS, AliasRecordsKind.KIND, AliasRecordsKind.Settings.toDistribution(
                config.siteDomain(), zoneId, DistributionKind.DOMAIN_NAME.of(SITE_DISTRIBUTION))));
        resources.add(Desired.of(API_RECORDS, AliasRecordsKind.KIND, AliasRecordsKind.Settings.toLoadBalancer(
                config.apiDomain(), zoneId, LoadBalancerKind.DNS_NAME.of(LOAD_BALANCER),
                LoadBalancerKind.CANONICAL_HOSTED_ZONE_ID.of(LOAD_BALANCER))));
        return resources;
    }

    /** The repository and the image, with the overrides of this process's environment. */
    public static List<Desired<?>> imagePipeline(StackConfig config) {
        return imagePipeline(config, System.getenv());
    }

    public static List<Desired<?>> imagePipeline(StackConfig config, Map<String, String> environment) {
        Desired<EcrRepositoryKind.Settings> repository = Desired.of(ECR_REPOSITORY, EcrRepositoryKind.KIND,
                EcrRepositoryKind.Settings.of(repositoryName(config.stack())));
        return List.<Desired<?>>of(repository, Desired.of(IMAGE, BackendImageKind.KIND, new BackendImageKind.Settings(
                ImageSettings.backend(config.image(), environment), repositoryName(config.stack()),
                repository.ref(EcrRepositoryKind.URI))));
    }

    /** What provision builds before the graph: the backend jar (when the context is a Maven module) and the web build. */
    public static List<Artifact> artifacts(StackConfig config, Map<String, String> environment) {
        ImageSettings image = ImageSettings.backend(config.image(), environment);
        List<Artifact> artifacts = new ArrayList<>();
        image.mavenArtifact().ifPresent(jar -> artifacts.add(new BackendJar(IMAGE, image.directory(), jar)));
        artifacts.add(new WebDist(SITE_CONTENT, webDirectory(config)));
        return artifacts;
    }

    private static Path webDirectory(StackConfig config) {
        return Path.of(config.web().dir()).toAbsolutePath().normalize();
    }

    public static String repositoryName(String stack) {
        return stack + "/backend";
    }

    /** The kinds of this layer. */
    public static List<Kind<?>> kinds() {
        return List.of(EcrRepositoryKind.KIND, LogGroupKind.KIND, RoleKind.KIND, ClusterKind.KIND,
                TaskDefinitionKind.KIND, LoadBalancerKind.KIND, TargetGroupKind.KIND, ListenerKind.KIND,
                ListenerRuleKind.KIND, ServiceKind.KIND, AutoScalingKind.KIND, AliasRecordsKind.KIND,
                BackendImageKind.KIND, SiteContentKind.KIND, WebAclKind.KIND);
    }
}
