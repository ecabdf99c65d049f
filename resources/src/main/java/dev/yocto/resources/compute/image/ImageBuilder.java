package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code docker build} of a context for one platform, tagged: reports each Dockerfile step and
 * fails with the failing step and its output.
 */
final class ImageBuilder {

    private static final long TIMEOUT_MINUTES = 30;
    private static final int OUTPUT_LINES_SHOWN = 20;

    private ImageBuilder() {
    }

    /** Builds and returns the image id. */
    static String build(DockerClient docker, BuildContext context, String platform, Map<String, String> buildArgs,
                        String tag, Consumer<String> progress) {
        Path tar = null;
        try {
            tar = Files.createTempFile("yocto-context-", ".tar");
            try (OutputStream out = Files.newOutputStream(tar)) {
                context.writeTar(out);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                return run(docker, in, platform, buildArgs, tag, progress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send the build context of " + context.directory(), e);
        } finally {
            if (tar != null) {
                tar.toFile().delete();
            }
        }
    }

    private static String run(DockerClient docker, InputStream contextTar, String platform, Map<String, String> buildArgs,
                              String tag, Consumer<String> progress) {
        BuildImageCmd command = docker.buildImageCmd(contextTar).withPlatform(platform).withPull(false)
                .withTags(Set.of(tag));
        buildArgs.forEach(command::withBuildArg);
        Output output = new Output(progress);
        try {
            command.exec(output);
            if (!output.awaitCompletion(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new ImageException("docker build of " + tag + " did not finish within " + TIMEOUT_MINUTES
                        + " minutes" + output.since());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while building " + tag, e);
        } catch (ImageException e) {
            throw e;
        } catch (RuntimeException e) {
            // The daemon refused the request itself, e.g. a Dockerfile it cannot parse.
            throw output.failure(e.getMessage());
        }
        if (output.error != null) {
            throw output.failure(output.error);
        }
        String imageId = docker.inspectImageCmd(tag).exec().getId();
        progress.accept("built " + tag + " (" + imageId + ") for " + platform);
        return imageId;
    }

    /** The build's output stream: steps reported as they start, every line kept for an error message. */
    private static final class Output extends ResultCallback.Adapter<BuildResponseItem> {

        private final Consumer<String> progress;
        private final List<String> lines = new ArrayList<>();
        private String lastStep;
        private volatile String error;

        Output(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                return;
            }
            String stream = item.getStream();
            if (stream == null) {
                return;
            }
            for (String line : stream.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                synchronized (lines) {
                    lines.add(line.strip());
                }
                if (line.startsWith("Step ")) {
                    lastStep = line.strip();
                    progress.accept(lastStep);
                }
            }
        }

        ImageException failure(String cause) {
            String step = lastStep == null ? "" : " at \"" + lastStep + "\"";
            String message = "docker build failed" + step + ": " + cause.strip() + since();
            if (lastStep != null && lastStep.contains(": FROM ")) {
                return new BaseImageUnavailableException(message + "\nThe base image is not on this machine and "
                        + "cannot be pulled: check the network, or set " + ImageSettings.BASE_IMAGE_VARIABLE
                        + " to an image that is (it needs java 17+ and curl).");
            }
            return new ImageException(message);
        }

        private String since() {
            synchronized (lines) {
                int from = Math.max(0, lines.size() - OUTPUT_LINES_SHOWN);
                if (lastStep != null) {
                    from = Math.max(from, lines.lastIndexOf(lastStep));
                }
                List<String> shown = lines.subList(from, lines.size());
                return shown.isEmpty() ? "" : "\nbuild output:\n  " + String.join("\n  ", shown);
            }
        }
    }
}
