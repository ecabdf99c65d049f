package dev.yocto.engine.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.yocto.emulator.EmulatorException;
import dev.yocto.emulator.LocalStack;
import dev.yocto.resources.compute.image.DockerDaemon;
import dev.yocto.resources.compute.image.DockerUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The LocalStack behind {@code --local --emulator localstack}: a container of {@link LocalStack#IMAGE}
 * on a free loopback port, started by the first command that needs it, recorded in
 * {@code .yocto/local/localstack.json} and reused until {@code yocto local stop}.
 */
public final class LocalStackInDocker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** What is written about the running container. */
    public record Record(String containerId, String endpoint, String image, String startedAt) {
    }

    private final Path directory;

    public LocalStackInDocker(Path directory) {
        this.directory = directory;
    }

    private Path recordFile() {
        return directory.resolve("localstack.json");
    }

    public Optional<Record> running() {
        return read().filter(record -> LocalStack.health(URI.create(record.endpoint())).isPresent());
    }

    /** The endpoint of the running LocalStack, starting its container first if none answers. */
    public URI ensureRunning(Consumer<String> progress) {
        Optional<Record> running = running();
        if (running.isPresent()) {
            return URI.create(running.get().endpoint());
        }
        try (DockerClient docker = docker()) {
            try {
                docker.inspectImageCmd(LocalStack.IMAGE).exec();
            } catch (NotFoundException e) {
                throw new EmulatorException("the LocalStack image " + LocalStack.IMAGE + " is not on this machine (no "
                        + "registry serves it since March 2026); " + LocalStack.BUILD_HINT + ", or use moto: "
                        + "--emulator moto");
            }
            int port = freePort();
            progress.accept("Starting the local AWS emulator (LocalStack, " + LocalStack.IMAGE + ")");
            ExposedPort gateway = ExposedPort.tcp(LocalStack.PORT);
            String id = docker.createContainerCmd(LocalStack.IMAGE).withName("yocto-localstack-" + port)
                    .withLabels(Map.of("dev.yocto", "local"))
                    .withEnv(LocalStack.ENVIRONMENT.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withExposedPorts(gateway)
                    .withHostConfig(HostConfig.newHostConfig().withPortBindings(new PortBinding(
                            Ports.Binding.bindIpAndPort("127.0.0.1", port), gateway)))
                    .exec().getId();
            docker.startContainerCmd(id).exec();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            awaitReady(docker, id, endpoint);
            Record record = new Record(id, endpoint.toString(), LocalStack.IMAGE, Instant.now().toString());
            Files.createDirectories(directory);
            Files.write(recordFile(), JSON.writeValueAsBytes(record));
            progress.accept("Local AWS emulator listening on " + endpoint + " (LocalStack container " + id.substring(0, 12)
                    + "; 'yocto local stop' ends it)");
            return endpoint;
        } catch (IOException e) {
            throw new EmulatorException("cannot record the local LocalStack in " + recordFile() + ": " + e.getMessage());
        }
    }

    private static void awaitReady(DockerClient docker, String id, URI endpoint) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long pauseMillis = 100;
        while (System.nanoTime() < deadline) {
            if (LocalStack.health(endpoint).isPresent()) {
                return;
            }
            if (!Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
                break;
            }
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 1000);
        }
        docker.removeContainerCmd(id).withForce(true).exec();
        throw new EmulatorException("LocalStack (container " + id.substring(0, 12) + ") did not answer on " + endpoint
                + " within " + READY_TIMEOUT.toSeconds() + " s; run `docker run --rm " + LocalStack.IMAGE
                + "` to see why");
    }

    /** Removes the recorded container; returns what was stopped. */
    public Optional<Record> stop() {
        Optional<Record> record = read();
        if (record.isPresent()) {
            try (DockerClient docker = docker()) {
                docker.removeContainerCmd(record.get().containerId()).withForce(true).exec();
            } catch (NotFoundException | IOException e) {
                // gone already
            }
        }
        try {
            Files.deleteIfExists(recordFile());
        } catch (IOException e) {
            throw new EmulatorException("cannot remove " + recordFile() + ": " + e.getMessage());
        }
        return record;
    }

    private static DockerClient docker() {
        try {
            return DockerDaemon.fromEnvironment().open();
        } catch (DockerUnavailableException e) {
            throw new EmulatorException("--emulator localstack runs LocalStack in Docker, and " + e.getMessage()
                    .replace("; building the backend image needs one", ""));
        }
    }

    private Optional<Record> read() {
        if (!Files.exists(recordFile())) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(recordFile()), Record.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmulatorException("no free local port for LocalStack: " + e.getMessage());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while waiting for LocalStack");
        }
    }
}
