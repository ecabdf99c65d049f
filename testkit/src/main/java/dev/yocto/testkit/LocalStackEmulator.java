package dev.yocto.testkit;

import java.net.URI;
import java.util.Set;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in a Testcontainers container. Current LocalStack images need an auth token
 * ({@code LOCALSTACK_AUTH_TOKEN}), and the free tier lacks RDS, ECS, ECR, ELBv2, CloudFront and
 * Application Auto Scaling: tests of those layers skip themselves with that reason.
 */
final class LocalStackEmulator implements AwsEmulator {

    static final Set<String> MISSING = Set.of("rds", "ecs", "ecr", "elasticloadbalancingv2",
            "cloudfront", "applicationautoscaling");

    private final LocalStackContainer container;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
    }

    static AwsEmulator start() {
        String image = System.getenv().getOrDefault("YOCTO_LOCALSTACK_IMAGE", "localstack/localstack:4.10");
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image));
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new LocalStackEmulator(container);
    }

    @Override
    public String name() {
        return "LocalStack " + container.getDockerImageName();
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public void reset() {
        try {
            var request = java.net.http.HttpRequest.newBuilder(endpoint().resolve("/_localstack/state/reset"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
            java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("LocalStack reset failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Set<String> missingServices() {
        return MISSING;
    }
}
