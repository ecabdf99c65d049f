package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The Docker daemon that builds and pushes images: the one {@code DOCKER_HOST} names, else
 * docker-java's defaults (the Docker configuration, then {@code unix:///var/run/docker.sock}).
 */
public final class DockerDaemon implements DockerConnection {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Bounds a build or push whose daemon stops answering; a healthy one streams progress long before. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(30);

    private final Optional<String> host;

    private DockerDaemon(Optional<String> host) {
        this.host = host;
    }

    /** As the Docker CLI finds it: {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}, the socket. */
    public static DockerDaemon fromEnvironment() {
        return new DockerDaemon(Optional.empty());
    }

    /** At an explicit address such as {@code tcp://127.0.0.1:2375} or {@code unix:///var/run/docker.sock}. */
    public static DockerDaemon at(String dockerHost) {
        return new DockerDaemon(Optional.of(dockerHost));
    }

    @Override
    public DockerClient open() {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        host.ifPresent(builder::withDockerHost);
        DockerClientConfig config = builder.build();
        DockerClient client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT).responseTimeout(RESPONSE_TIMEOUT).build());
        try {
            client.pingCmd().exec();
            return client;
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new DockerUnavailableException("no Docker daemon answers at " + config.getDockerHost() + " (" + rootCause(e)
                    + "); building the backend image needs one. Start it (`sudo systemctl start docker`, or "
                    + "`sudo dockerd &`; in this project `.ci/setup-docker` installs and starts one), or point "
                    + "DOCKER_HOST at a daemon that runs (e.g. DOCKER_HOST=unix:///var/run/docker.sock)", e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // the daemon never answered; nothing to release
        }
    }
}
