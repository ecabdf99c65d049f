package dev.yocto.resources.compute.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.compute.EcrRepositoryKind;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import dev.yocto.testkit.Requirements;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image pipeline against moto (ECR repository, authorization token), the machine's Docker
 * daemon and the local registry on 127.0.0.1:5000, which stands in for ECR's (moto has none).
 * Most tests build a tiny context on a stand-in arm64 base; one builds the real {@code app/}.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("ECR answers 501 on LocalStack's community runtime")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagePipelineTest {

    private static final String PLATFORM = "linux/arm64";
    private static final Path BACKEND_CONTEXT = Path.of("..", "app").toAbsolutePath().normalize();

    private final AwsEmulator emulator;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String baseImage = "yocto-test/stand-in-base:arm64-" + run;
    private final List<String> repositories = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Optional<DockerClient> docker;
    private boolean registry;

    @TempDir
    Path contextDir;

    ImagePipelineTest(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    @BeforeAll
    void connect() throws IOException {
        docker = LocalDocker.daemon();
        registry = LocalDocker.registryAnswers();
        if (docker.isPresent()) {
            LocalDocker.loadStandInBase(docker.get(), baseImage, "arm64");
        }
    }

    /** Per test, so a missing daemon or registry shows as a skipped test with its reason (a failure in CI). */
    @BeforeEach
    void requireDockerAndRegistry() throws IOException {
        Requirements.require(docker.isPresent(), "a Docker daemon (run .ci/setup-docker)");
        Requirements.require(registry, "a registry on " + LocalDocker.REGISTRY + " (run .ci/setup-docker)");
        write("Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY hello.txt /srv/hello.txt\nUSER 10001\n");
        write(".dockerignore", "notes/\n");
        write("hello.txt", "hello from yocto\n");
        write("notes/ignored.txt", "not sent\n");
    }

    /** Every image this class built (for any registry, pushed or not) and the stand-in base. */
    @AfterAll
    void removeLocalImages() throws IOException {
        if (docker.isEmpty()) {
            return;
        }
        List<String> images = new ArrayList<>(List.of(baseImage));
        docker.get().listImagesCmd().exec().stream()
                .flatMap(image -> image.getRepoTags() == null ? Stream.empty() : Stream.of(image.getRepoTags()))
                .filter(tag -> repositories.stream().anyMatch(repository -> tag.contains("/" + repository + ":")))
                .forEach(images::add);
        for (String image : images) {
            try {
                docker.get().removeImageCmd(image).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        docker.get().close();
    }

    @Test
    void firstRun_buildsForArm64AndPushesTheContentTag_secondRun_neitherBuildsNorPushes() throws Exception {
        Stack stack = new Stack();
        LocalDocker.Counting counting = new LocalDocker.Counting(DockerDaemon.fromEnvironment());
        Desired<BackendImageKind.Settings> image = stack.image(tinySettings(), counting);

        Live first = stack.converge(image, Optional.empty());

        assertThat(counting.builds).as("builds on the first run").hasValue(1);
        assertThat(counting.pushes).as("pushes on the first run").hasValue(1);
        String repository = stack.repositoryName();
        assertThat(first.attribute(BackendImageKind.TAG.name())).matches("[0-9a-f]{32}");
        assertThat(first.attribute(BackendImageKind.IMAGE_URI.name()))
                .isEqualTo(LocalDocker.REGISTRY + "/" + repository + "@" + first.attribute(BackendImageKind.DIGEST.name()));
        JsonNode config = LocalDocker.imageConfig(repository, first.physicalId());
        assertThat(config.path("architecture").asText()).as("architecture in the registry").isEqualTo("arm64");
        assertThat(config.path("os").asText()).as("os in the registry").isEqualTo("linux");
        assertThat(stack.runs.reports).as("progress").anyMatch(r -> r.contains("Step 3/4 : COPY hello.txt"))
                .anyMatch(r -> r.contains("pushed"));

        Live second = stack.converge(image, Optional.of(first.physicalId()));

        assertThat(counting.builds).as("builds on a second run").hasValue(1);
        assertThat(counting.pushes).as("pushes on a second run").hasValue(1);
        assertThat(second.attributes()).isEqualTo(first.attributes());
        stack.tearDown(image, second);
    }

    @Test
    void changedSource_isANewTag_builtAndPushedOnce_andTheOldImageStays() throws Exception {
        Stack stack = new Stack();
        LocalDocker.Counting counting = new LocalDocker.Counting(DockerDaemon.fromEnvironment());
        Desired<BackendImageKind.Settings> image = stack.image(tinySettings(), counting);
        Live first = stack.converge(image, Optional.empty());

        write("hello.txt", "hello again\n");
        Context context = stack.runs.context();
        stack.resolveRepository(context);
        Live observed = Runs.observe(context, image, Optional.of(first.physicalId())).orElseThrow();
        assertThat(observed.physicalId()).as("still the image in state").isEqualTo(first.physicalId());
        assertThat(Runs.diff(context, image, observed)).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("tag");
            assertThat(d.replace()).as("an update, not a replacement").isFalse();
        });
        Live second = Runs.update(context, image, observed, Runs.diff(context, image, observed));

        assertThat(second.physicalId()).isNotEqualTo(first.physicalId());
        assertThat(counting.builds).hasValue(2);
        assertThat(counting.pushes).hasValue(2);
        RegistryClient client = new RegistryClient(Registry.parse(LocalDocker.REGISTRY), new RegistryCredentials("AWS", "x"));
        assertThat(client.digest(stack.repositoryName(), first.physicalId())).as("the old tag").isPresent();
        assertThat(client.digest(stack.repositoryName(), second.physicalId())).as("the new tag")
                .contains(second.attribute(BackendImageKind.DIGEST.name()));
        stack.tearDown(image, first);
        stack.tearDown(image, second);
    }

    @Test
    void teardown_findsTheImageInState_withoutTheBuildContext_andDeletesIt() throws Exception {
        Stack stack = new Stack();
        Live live = stack.converge(stack.image(tinySettings(), DockerDaemon.fromEnvironment()), Optional.empty());
        ImageSettings gone = new ImageSettings(contextDir.resolve("gone").toString(), "Dockerfile", PLATFORM,
                tinySettings().buildArgs(), Optional.empty(), Optional.of(ImageSettings.BACKEND_JAR));
        Desired<BackendImageKind.Settings> image = stack.image(gone, DockerDaemon.at("tcp://127.0.0.1:" + closedPort()));
        Context context = stack.runs.context();
        stack.resolveRepository(context);

        Live observed = Runs.observe(context, image, Optional.of(live.physicalId())).orElseThrow();
        Runs.delete(context, image, observed);

        assertThat(observed.attributes()).isEqualTo(live.attributes());
        RegistryClient client = new RegistryClient(Registry.parse(LocalDocker.REGISTRY), new RegistryCredentials("AWS", "x"));
        assertThat(client.digest(stack.repositoryName(), live.physicalId())).as("after teardown").isEmpty();
    }

    @Test
    void ignoredFiles_doNotChangeTheTag() throws IOException {
        Stack stack = new Stack();
        LocalDocker.Counting counting = new LocalDocker.Counting(DockerDaemon.fromEnvironment());
        Desired<BackendImageKind.Settings> image = stack.image(tinySettings(), counting);
        Context context = stack.runs.context();
        stack.resolveRepository(context);
        String before = Runs.desiredFields(context, image).get("tag");

        write("notes/ignored.txt", "changed, but never sent\n");

        assertThat(Runs.desiredFields(context, image).get("tag")).isEqualTo(before);
        assertThat(counting.builds).hasValue(0);
    }

    @Test
    void backendContext_buildsTheRealDockerfileForArm64_andTeardownRemovesIt() throws Exception {
        Stack stack = new Stack();
        Map<String, String> environment = Map.of(ImageSettings.BASE_IMAGE_VARIABLE, baseImage);
        ImageSettings settings = ImageSettings.backend(new dev.yocto.resources.config.StackConfig.Image(
                BACKEND_CONTEXT.toString(), PLATFORM), environment);
        Desired<BackendImageKind.Settings> image = stack.image(settings, DockerDaemon.fromEnvironment());
        // provision's artifacts stage: the jar (and what Maven puts beside it) before the image reads the context
        new BackendJar(Address.of("compute/image"), settings.directory(), settings.mavenArtifact().orElseThrow())
                .build(stack.runs.context());

        Live live = stack.converge(image, Optional.empty());

        JsonNode config = LocalDocker.imageConfig(stack.repositoryName(), live.physicalId());
        assertThat(config.path("architecture").asText()).as("architecture").isEqualTo("arm64");
        assertThat(config.path("os").asText()).as("os").isEqualTo("linux");
        assertThat(config.path("config").path("User").asText()).as("user").isEqualTo("10001:10001");
        assertThat(config.path("config").path("ExposedPorts").has("80/tcp")).as("port 80").isTrue();

        Runs.delete(stack.runs.context(), image, live);
        RegistryClient client = new RegistryClient(Registry.parse(LocalDocker.REGISTRY), new RegistryCredentials("AWS", "x"));
        assertThat(client.digest(stack.repositoryName(), live.physicalId())).as("after teardown").isEmpty();
    }

    @Test
    void noDaemon_onAws_failsSayingHowToStartOne() throws IOException {
        Stack stack = new Stack();
        String closed = "tcp://127.0.0.1:" + closedPort();
        Desired<BackendImageKind.Settings> image = stack.image(withRegistry(LocalDocker.REGISTRY), DockerDaemon.at(closed));
        Context context = stack.runs.context(Emulation.NONE);
        stack.resolveRepository(context);

        assertThatThrownBy(() -> Runs.converge(context, image, Optional.empty())).isInstanceOf(ResourceException.class)
                .hasMessageContaining("no Docker daemon answers at " + closed)
                .hasMessageContaining("DOCKER_HOST").hasMessageContaining("dockerd");
    }

    @Test
    void aThirdPartyRegistryOverride_onAws_isRefused_soTheEcrTokenNeverLeavesForIt() throws IOException {
        Stack stack = new Stack();
        Desired<BackendImageKind.Settings> image = stack.image(withRegistry("registry.example.com"), DockerDaemon.fromEnvironment());
        Context context = stack.runs.context(Emulation.NONE);
        stack.resolveRepository(context);

        assertThatThrownBy(() -> Runs.converge(context, image, Optional.empty())).isInstanceOf(ResourceException.class)
                .hasMessageContaining("YOCTO_REGISTRY=registry.example.com is neither an ECR registry nor on this machine");
    }

    @Test
    void noRegistry_onAws_failsNamingIt() throws IOException {
        Stack stack = new Stack();
        String closed = "127.0.0.1:" + closedPort();
        Desired<BackendImageKind.Settings> image = stack.image(withRegistry(closed), DockerDaemon.fromEnvironment());
        Context context = stack.runs.context(Emulation.NONE);
        stack.resolveRepository(context);

        assertThatThrownBy(() -> Runs.converge(context, image, Optional.empty())).isInstanceOf(ResourceException.class)
                .hasMessageContaining("the registry " + closed + " does not answer");
    }

    @Test
    void noDaemon_onTheEmulator_deploysALabelledPlaceholder_untilDockerIsThere() throws IOException {
        Stack stack = new Stack();
        Desired<BackendImageKind.Settings> withoutDocker = stack.image(tinySettings(), DockerDaemon.at("tcp://127.0.0.1:" + closedPort()));

        Live placeholder = stack.converge(withoutDocker, Optional.empty());
        Live again = stack.converge(withoutDocker, Optional.of(placeholder.physicalId()));

        assertThat(placeholder.attribute(BackendImageKind.PLACEHOLDER.name())).isEqualTo("true");
        assertThat(placeholder.attribute(BackendImageKind.IMAGE_URI.name()))
                .isEqualTo(LocalDocker.REGISTRY + "/" + stack.repositoryName() + ":placeholder-no-docker");
        assertThat(stack.runs.reports).as("the output says so")
                .anyMatch(r -> r.contains("PLACEHOLDER image reference") && r.contains("needs Docker"));
        assertThat(again).as("a second run without Docker").isEqualTo(placeholder);

        LocalDocker.Counting counting = new LocalDocker.Counting(DockerDaemon.fromEnvironment());
        Live real = stack.converge(stack.image(tinySettings(), counting), Optional.of(placeholder.physicalId()));
        assertThat(real.attribute(BackendImageKind.PLACEHOLDER.name())).isEqualTo("false");
        assertThat(real.attribute(BackendImageKind.IMAGE_URI.name())).contains("@sha256:");
        assertThat(counting.pushes).hasValue(1);
        Runs.delete(stack.runs.context(), withoutDocker, placeholder);
        stack.tearDown(withoutDocker, real);
    }

    @Test
    void noRegistry_onTheEmulator_deploysALabelledPlaceholder() throws IOException {
        Stack stack = new Stack();
        Desired<BackendImageKind.Settings> image = stack.image(withRegistry("127.0.0.1:" + closedPort()), DockerDaemon.fromEnvironment());

        Live placeholder = stack.converge(image, Optional.empty());

        assertThat(placeholder.attribute(BackendImageKind.PLACEHOLDER.name())).isEqualTo("true");
        assertThat(stack.runs.reports).anyMatch(r -> r.contains("PLACEHOLDER") && r.contains("does not answer"));
    }

    @Test
    void missingBaseImage_onTheEmulator_deploysALabelledPlaceholder_withoutRetryingTheBuild() throws IOException {
        write("Dockerfile", "FROM yocto-test/absent-base:" + run + "\nCOPY hello.txt /srv/hello.txt\n");
        Stack stack = new Stack();
        ImageSettings noBase = new ImageSettings(contextDir.toString(), "Dockerfile", PLATFORM, new TreeMap<>(),
                Optional.of(LocalDocker.REGISTRY), Optional.empty());
        LocalDocker.Counting counting = new LocalDocker.Counting(DockerDaemon.fromEnvironment());
        Desired<BackendImageKind.Settings> image = stack.image(noBase, counting);

        Live placeholder = stack.converge(image, Optional.empty());
        Live again = stack.converge(image, Optional.of(placeholder.physicalId()));

        assertThat(placeholder.attribute(BackendImageKind.PLACEHOLDER.name())).isEqualTo("true");
        assertThat(placeholder.physicalId()).isEqualTo("placeholder-no-base-image");
        assertThat(stack.runs.reports).as("the output says what is missing and how to fix it")
                .anyMatch(r -> r.contains("PLACEHOLDER") && r.contains("needs its base image")
                        && r.contains(ImageSettings.BASE_IMAGE_VARIABLE));
        assertThat(again).isEqualTo(placeholder);
        assertThat(counting.builds).as("the second run does not try again").hasValue(1);
    }

    @Test
    void missingBaseImage_onAws_failsNamingTheOverride() throws IOException {
        write("Dockerfile", "FROM yocto-test/absent-base:" + run + "\nCOPY hello.txt /srv/hello.txt\n");
        Stack stack = new Stack();
        ImageSettings noBase = new ImageSettings(contextDir.toString(), "Dockerfile", PLATFORM, new TreeMap<>(),
                Optional.of(LocalDocker.REGISTRY), Optional.empty());
        Context context = stack.runs.context(Emulation.NONE);
        stack.resolveRepository(context);

        assertThatThrownBy(() -> Runs.converge(context, stack.image(noBase, DockerDaemon.fromEnvironment()),
                Optional.empty())).isInstanceOf(ResourceException.class)
                .hasMessageContaining("FROM yocto-test/absent-base").hasMessageContaining(ImageSettings.BASE_IMAGE_VARIABLE);
    }

    @Test
    void badInstruction_failsWithTheDaemonsMessage() throws IOException {
        write("Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY hello.txt /srv/hello.txt\nFROBNICATE now\n");
        Stack stack = new Stack();

        assertThatThrownBy(() -> stack.converge(stack.image(tinySettings(), DockerDaemon.fromEnvironment()),
                Optional.empty())).isInstanceOf(ResourceException.class)
                .hasMessageContaining("docker build failed").hasMessageContaining("FROBNICATE");
    }

    @Test
    void failingStep_failsWithThatStepAndItsOutput() throws IOException {
        write("Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY missing.txt /srv/missing.txt\n");
        Stack stack = new Stack();

        assertThatThrownBy(() -> stack.converge(stack.image(tinySettings(), DockerDaemon.fromEnvironment()),
                Optional.empty())).isInstanceOf(ResourceException.class)
                .hasMessageContaining("docker build failed at \"Step 3/3 : COPY missing.txt /srv/missing.txt\"")
                .hasMessageContaining("missing.txt");
    }

    @Test
    void refusedPush_failsWithTheRegistrysMessage() throws IOException {
        try (RefusingRegistry refusing = new RefusingRegistry()) {
            ImageSettings toRefusing = withRegistry(refusing.host());
            Stack stack = new Stack();

            assertThatThrownBy(() -> stack.converge(stack.image(toRefusing, DockerDaemon.fromEnvironment()),
                    Optional.empty())).isInstanceOf(ResourceException.class)
                    .hasMessageContaining("the push of " + refusing.host() + "/" + stack.repositoryName())
                    .hasMessageContaining(RefusingRegistry.MESSAGE);
        }
    }

    /** One stack of this run: its repository in moto, its images in the local registry. */
    private final class Stack {

        final String name = "it" + UUID.randomUUID().toString().substring(0, 6);
        final Runs runs = new Runs(emulator, name);
        final Desired<?> repository = Runs.compute(name, ComputeLayer.ECR_REPOSITORY);

        Stack() {
            repositories.add(repositoryName());
        }

        String repositoryName() {
            return ComputeLayer.repositoryName(name);
        }

        Desired<BackendImageKind.Settings> image(ImageSettings settings, DockerConnection connection) {
            return Desired.of(ComputeLayer.IMAGE, BackendImageKind.using(connection), new BackendImageKind.Settings(
                    settings, repositoryName(), EcrRepositoryKind.URI.of(ComputeLayer.ECR_REPOSITORY)));
        }

        void resolveRepository(Context context) {
            Runs.converge(context, repository, Optional.empty());
        }

        /** One provision of the repository and the image, in a fresh run. */
        Live converge(Desired<BackendImageKind.Settings> image, Optional<String> knownId) {
            Context context = runs.context();
            resolveRepository(context);
            return Runs.converge(context, image, knownId);
        }

        void tearDown(Desired<BackendImageKind.Settings> image, Live live) {
            Runs.delete(runs.context(), image, live);
        }
    }

    private ImageSettings withRegistry(String registryHost) {
        ImageSettings settings = tinySettings();
        return new ImageSettings(settings.context(), settings.dockerfile(), settings.platform(), settings.buildArgs(),
                Optional.of(registryHost), Optional.empty());
    }

    private ImageSettings tinySettings() {
        return new ImageSettings(contextDir.toString(), "Dockerfile", PLATFORM,
                new TreeMap<>(Map.of(ImageSettings.BASE_IMAGE_ARG, baseImage)), Optional.empty(), Optional.empty());
    }

    private void write(String file, String content) throws IOException {
        Path path = contextDir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
