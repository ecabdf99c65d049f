package dev.yocto.resources.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
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
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds and caches the SDK clients of one run, all with the same credentials, endpoint override,
 * retry strategy and interceptors (call counting, the emulator's behaviour profile, fault injection
 * in tests).
 *
 * <p>Retries: the SDK's standard strategy (exponential backoff with jitter, AWS's throttling and
 * transient error codes, 5xx) with {@value #MAX_ATTEMPTS} attempts and no circuit breaker. With a
 * fault rate p on every attempt, a call fails only if all its attempts do: p^10 = 1.0e-7 at p = 0.2,
 * so a run of 250 calls fails with probability 1 - (1 - p^10)^250 = 2.6e-5 (1 in 39,000), a
 * 2,000-call run with 2.0e-4; at the default 3 attempts the same run of 250 calls would fail with
 * probability 0.87. The circuit breaker is off because it stops retrying once a client has seen
 * many failures: a deploy under sustained throttling would then fail instead of slowing down
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). Adaptive mode is
 * not used: its client-side rate limiting is meant for one hot resource, not a run over many services.
 */
public final class AwsClients implements AutoCloseable {

    /** Attempts per call, the first included. */
    public static final int MAX_ATTEMPTS = 10;
    /** The standard strategy's pauses between attempts (the SDK's DefaultRetryStrategy.Standard). */
    private static final Duration STANDARD_BASE_DELAY = Duration.ofMillis(100);
    private static final Duration STANDARD_THROTTLED_BASE_DELAY = Duration.ofSeconds(1);
    private static final Duration STANDARD_MAX_BACKOFF = Duration.ofSeconds(20);

    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final Permits permits;
    private final double backoffScale;
    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();

    public AwsClients(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
                      List<ExecutionInterceptor> interceptors) {
        this(region, endpoint, credentials, interceptors, Permits.UNBOUNDED);
    }

    /** Clients whose calls each hold one of {@code permits} while on the wire ({@link PermitInterceptor}). */
    public AwsClients(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
                      List<ExecutionInterceptor> interceptors, Permits permits) {
        this(region, endpoint, credentials, interceptors, permits, 1);
    }

    /**
     * The same, with the pauses between attempts scaled by {@code backoffScale} (1 against AWS;
     * {@link Emulation#retryBackoffScale()} against an emulator).
     */
    public AwsClients(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
                      List<ExecutionInterceptor> interceptors, Permits permits, double backoffScale) {
        this.backoffScale = backoffScale;
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        List<ExecutionInterceptor> all = new java.util.ArrayList<>(interceptors);
        all.add(new PermitInterceptor(permits)); // last: see PermitInterceptor
        this.interceptors = List.copyOf(all);
        this.permits = permits;
    }

    /** The bound on calls in flight that these clients share (and image builds take part in). */
    public Permits permits() {
        return permits;
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

    /** WAF for CloudFront: web ACLs of scope CLOUDFRONT live in us-east-1 whatever the stack's region. */
    public Wafv2Client wafv2() {
        return client("wafv2", Region.US_EAST_1, Wafv2Client.builder());
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
                            .retryStrategy(retryStrategy(backoffScale))
                            .executionInterceptors(interceptors).build());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /**
     * A fresh strategy per client: a strategy keeps per-scope state (its token bucket). At scale 1
     * the pauses are the standard strategy's own (exponential with jitter from 100 ms, from 1 s after
     * throttling, at most 20 s); otherwise those three figures are scaled.
     */
    static RetryStrategy retryStrategy(double backoffScale) {
        StandardRetryStrategy.Builder builder = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .circuitBreakerEnabled(false);
        if (backoffScale != 1) {
            Duration most = scaled(STANDARD_MAX_BACKOFF, backoffScale);
            builder.backoffStrategy(BackoffStrategy.exponentialDelay(scaled(STANDARD_BASE_DELAY, backoffScale), most))
                    .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(
                            scaled(STANDARD_THROTTLED_BASE_DELAY, backoffScale), most));
        }
        return builder.build();
    }

    private static Duration scaled(Duration duration, double scale) {
        return Duration.ofNanos(Math.max(1, Math.round(duration.toNanos() * scale)));
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
    }
}
