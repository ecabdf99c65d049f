package dev.yocto.testkit;

import dev.yocto.emulator.LocalStack;
import java.net.URI;
import java.util.Set;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack's community runtime in a Testcontainers container, from the image
 * {@code .ci/setup-localstack} builds ({@link LocalStack#IMAGE}; {@code YOCTO_LOCALSTACK_IMAGE}
 * overrides it). Reset restarts the runtime: the community edition has no state-reset endpoint.
 */
final class LocalStackEmulator implements AwsEmulator {

    private final LocalStackContainer container;
    private final Set<String> services;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
        this.services = LocalStack.health(container.getEndpoint()).orElseThrow(() -> new IllegalStateException(
                "LocalStack in " + container.getContainerId() + " does not answer /_localstack/health")).services();
    }

    static AwsEmulator start() {
        String image = System.getenv().getOrDefault("YOCTO_LOCALSTACK_IMAGE", LocalStack.IMAGE);
        requireImage(image);
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"));
        LocalStack.ENVIRONMENT.forEach(container::withEnv);
        long started = System.nanoTime();
        container.start();
        System.err.printf("[testkit] LocalStack (%s) ready in %.1f s%n", image, (System.nanoTime() - started) / 1e9);
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new LocalStackEmulator(container);
    }

    /** Skips (fails in CI) unless Docker answers and holds the image. */
    static void requireImage(String image) {
        Requirements.require(DockerClientFactory.instance().isDockerAvailable(), "a Docker daemon (for LocalStack)");
        Requirements.require(imagePresent(image), "the image " + image + "; " + LocalStack.BUILD_HINT);
    }

    private static boolean imagePresent(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "LocalStack " + container.getDockerImageName();
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    /** LocalStack's default account, for any access key that is not itself an account id. */
    @Override
    public String account() {
        return "000000000000";
    }

    @Override
    public void reset() {
        long started = System.nanoTime();
        LocalStack.restart(endpoint());
        System.err.printf("[testkit] LocalStack restarted (state reset) in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Override
    public boolean offers(String service) {
        return services.contains(service);
    }
}
