package dev.yocto.resources.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds and caches the SDK clients of one run, all with the same credentials, endpoint override
 * and interceptors (call counting, fault injection in tests).
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();

    public AwsClients(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
                      List<ExecutionInterceptor> interceptors) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.interceptors = List.copyOf(interceptors);
    }

    public Region region() {
        return region;
    }

    /** True when every call goes to one endpoint (an emulator). */
    public boolean endpointOverridden() {
        return endpoint.isPresent();
    }

    public Ec2Client ec2() {
        return client("ec2", region, Ec2Client.builder());
    }

    public StsClient sts() {
        return client("sts", region, StsClient.builder());
    }

    /** Route 53 is global; its endpoint lives in us-east-1. */
    public Route53Client route53() {
        return client("route53", Region.AWS_GLOBAL, Route53Client.builder());
    }

    /** ACM in the given region: the stack's for the load balancer, us-east-1 for CloudFront. */
    public AcmClient acm(Region acmRegion) {
        return client("acm", acmRegion, AcmClient.builder());
    }

    public SecretsManagerClient secretsManager() {
        return client("secretsmanager", region, SecretsManagerClient.builder());
    }

    public RdsClient rds() {
        return client("rds", region, RdsClient.builder());
    }

    /** Path-style addressing against an endpoint override: an emulator has no per-bucket host names. */
    public S3Client s3() {
        return client("s3", region, S3Client.builder().forcePathStyle(endpoint.isPresent()));
    }

    /** CloudFront is global; its control plane is in us-east-1. */
    public CloudFrontClient cloudFront() {
        return client("cloudfront", Region.US_EAST_1, CloudFrontClient.builder());
    }

    public CloudWatchLogsClient logs() {
        return client("logs", region, CloudWatchLogsClient.builder());
    }

    /** IAM is global; its endpoint lives in us-east-1. */
    public IamClient iam() {
        return client("iam", Region.AWS_GLOBAL, IamClient.builder());
    }

    public EcsClient ecs() {
        return client("ecs", region, EcsClient.builder());
    }

    public ElasticLoadBalancingV2Client elbv2() {
        return client("elbv2", region, ElasticLoadBalancingV2Client.builder());
    }

    public ApplicationAutoScalingClient autoScaling() {
        return client("application-autoscaling", region, ApplicationAutoScalingClient.builder());
    }

    /** A client of any service, for the stack region or another (CloudFront's us-east-1). */
    @SuppressWarnings("unchecked")
    public <B extends AwsClientBuilder<B, C>, C extends SdkClient> C client(String service, Region clientRegion,
                                                                              B builder) {
        return (C) clients.computeIfAbsent(service + "@" + clientRegion.id(), key -> {
            builder.region(clientRegion).credentialsProvider(credentials)
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .executionInterceptors(interceptors).build());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
    }
}
