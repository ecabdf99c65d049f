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
import software.amazon.awssdk.services.ec2.Ec2Client;
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

    public Ec2Client ec2() {
        return client("ec2", region, Ec2Client.builder());
    }

    public StsClient sts() {
        return client("sts", region, StsClient.builder());
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
