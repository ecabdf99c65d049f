package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.compute.EcrRepositoryKind;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.topology.ComputeLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.Emulators;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Wall time of the image pipeline for the real {@code app/} context on moto, the machine's Docker
 * daemon and the local registry: a first run (hash, build, push, read back) and a no-change run
 * (hash, one registry HEAD). Needs {@code app/target/app.jar} fresh, or it is built first (and
 * that time is reported separately by the first run's progress). Run from the repository root:
 *
 * <pre>mvn -B -q -pl resources test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.yocto.resources.compute.image.ImagePipelineBenchmark</pre>
 */
public final class ImagePipelineBenchmark {

    private ImagePipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path app = Path.of(args.length > 0 ? args[0] : java.nio.file.Files.isDirectory(Path.of("app")) ? "app" : "../app")
                .toAbsolutePath().normalize();
        AwsEmulator emulator = Emulators.shared();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String base = "yocto-bench/stand-in-base:arm64-" + run;
        try (DockerClient docker = DockerDaemon.fromEnvironment().open()) {
            LocalDocker.loadStandInBase(docker, base, "arm64");
            String stack = "bench" + run;
            Runs runs = new Runs(emulator, stack);
            Desired<?> repository = Runs.compute(stack, ComputeLayer.ECR_REPOSITORY);
            Desired<?> image = Desired.of(ComputeLayer.IMAGE, BackendImageKind.KIND, new BackendImageKind.Settings(
                    ImageSettings.backend(new StackConfig.Image(app.toString(), "linux/arm64"),
                            Map.of(ImageSettings.BASE_IMAGE_VARIABLE, base)),
                    ComputeLayer.repositoryName(stack), EcrRepositoryKind.URI.of(ComputeLayer.ECR_REPOSITORY)));

            long started = System.nanoTime();
            Live first = converge(runs, repository, image, Optional.empty());
            Duration firstRun = Duration.ofNanos(System.nanoTime() - started);
            runs.reports.forEach(report -> System.out.println("  " + report));

            started = System.nanoTime();
            Live second = converge(runs, repository, image, Optional.of(first.physicalId()));
            Duration noChange = Duration.ofNanos(System.nanoTime() - started);

            System.out.printf(Locale.ROOT, "first run (build + push): %.2f s%nno-change run: %.2f s (same digest: %s)%n",
                    firstRun.toMillis() / 1000.0, noChange.toMillis() / 1000.0,
                    first.attribute(BackendImageKind.DIGEST.name()).equals(second.attribute(BackendImageKind.DIGEST.name())));

            Runs.delete(runs.context(), image, second);
            docker.removeImageCmd(LocalDocker.REGISTRY + "/" + ComputeLayer.repositoryName(stack) + ":"
                    + first.physicalId()).withForce(true).exec();
            docker.removeImageCmd(base).withForce(true).exec();
        }
        System.exit(0);
    }

    private static Live converge(Runs runs, Desired<?> repository, Desired<?> image,
                                 Optional<String> knownId) {
        Context context = runs.context();
        Runs.converge(context, repository, Optional.empty());
        return Runs.converge(context, image, knownId);
    }
}
