package dev.yocto.app.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.yocto.testkit.Requirements;
import dev.yocto.testkit.StandInBaseImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInstance;

/**
 * Builds app/Dockerfile with a real Docker daemon (docker-java, as the compute layer will) for
 * linux/arm64 and linux/amd64 on top of a stand-in base image, and checks what ECS relies on.
 * Runs after {@code package} (see the pom), because it ships the real target/app.jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerImageIT {

    private static final Path CONTEXT = Path.of("").toAbsolutePath();
    private DockerClient docker;
    private boolean answering;
    private String dockerHost;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofMinutes(5)).build());
        dockerHost = config.getDockerHost().toString();
        try {
            docker.pingCmd().exec();
            answering = true;
        } catch (RuntimeException e) {
            answering = false;
        }
    }

    /** Per test, so a missing daemon shows as a skipped test with its reason (a failure in CI). */
    @BeforeEach
    void requireDaemonAndJar() {
        Requirements.require(answering, "a Docker daemon at " + dockerHost + " (run .ci/setup-docker)");
        assertThat(CONTEXT.resolve("target/app.jar")).as("built by the package phase").isRegularFile();
    }

    @AfterAll
    void removeImages() throws Exception {
        if (docker == null) {
            return;
        }
        if (!answering) {
            docker.close();
            return;
        }
        for (String arch : new String[] {"arm64", "amd64"}) {
            for (String image : new String[] {appTag(arch), baseTag(arch)}) {
                try {
                    docker.removeImageCmd(image).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // not built (e.g. the test failed earlier)
                }
            }
        }
        docker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void image_isForThePlatform_runsAsNonRoot_exposesPort80_andShipsTheJar(String arch) throws Exception {
        docker.loadImageCmd(new ByteArrayInputStream(StandInBaseImage.tarball(baseTag(arch), arch))).exec();

        String imageId = docker.buildImageCmd(CONTEXT.resolve("Dockerfile").toFile())
                .withBaseDirectory(CONTEXT.toFile())
                .withBuildArg("BASE_IMAGE", baseTag(arch))
                .withPlatform("linux/" + arch)
                .withPull(false)
                .withTags(Set.of(appTag(arch)))
                .exec(new BuildImageResultCallback())
                .awaitImageId(5, TimeUnit.MINUTES);

        InspectImageResponse image = docker.inspectImageCmd(imageId).exec();
        assertThat(image.getArch()).as("architecture").isEqualTo(arch);
        assertThat(image.getOs()).as("os").isEqualTo("linux");
        String user = image.getConfig().getUser();
        assertThat(user).as("user").isNotBlank().isNotIn("root", "0", "0:0");
        assertThat(user.split(":")[0]).as("numeric uid").matches("[1-9][0-9]*");
        assertThat(Arrays.asList(image.getConfig().getExposedPorts())).as("exposed ports")
                .containsExactly(ExposedPort.tcp(80));
        assertThat(image.getConfig().getEntrypoint()).as("entrypoint").contains("java", "-jar", "/app/app.jar");
        assertThat(image.getConfig().getHealthcheck().getTest()).as("health check")
                .anySatisfy(part -> assertThat(part).contains("curl -f http://localhost/api/v1/health/"));
        assertThat(sizeInImage(appTag(arch), "app/app.jar")).as("app.jar inside the image")
                .isEqualTo(Files.size(CONTEXT.resolve("target/app.jar")));
        assertThat(sizeInImage(appTag(arch), "app/rds-global-bundle.pem")).as("the RDS CA bundle inside the image")
                .isEqualTo(Files.size(CONTEXT.resolve("target/rds-global-bundle.pem")));
    }

    /** The size of a file in the image's layers, read from {@code docker save}; -1 if absent. */
    private long sizeInImage(String tag, String path) throws Exception {
        try (InputStream saved = docker.saveImageCmd(tag).exec();
             TarArchiveInputStream image = new TarArchiveInputStream(saved)) {
            TarArchiveEntry entry;
            while ((entry = image.getNextEntry()) != null) {
                if (entry.getName().endsWith(".tar") || entry.getName().startsWith("blobs/")) {
                    TarArchiveInputStream layer = new TarArchiveInputStream(image);
                    TarArchiveEntry file;
                    while ((file = layer.getNextEntry()) != null) {
                        if (file.getName().equals(path)) {
                            return file.getSize();
                        }
                    }
                }
            }
        }
        return -1;
    }

    private String baseTag(String arch) {
        return "yocto-test/stand-in-base:" + arch + "-" + run;
    }

    private String appTag(String arch) {
        return "yocto-test/app:" + arch + "-" + run;
    }
}
