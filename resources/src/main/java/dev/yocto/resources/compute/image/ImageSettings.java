package dev.yocto.resources.compute.image;

import dev.yocto.resources.config.ConfigException;
import dev.yocto.resources.config.StackConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an image is built from and where it goes.
 *
 * @param context       the build context directory (relative to the working directory, or absolute)
 * @param dockerfile    its Dockerfile, relative to the context
 * @param platform      {@code os/arch}, e.g. {@code linux/arm64}
 * @param buildArgs     build arguments, e.g. {@code BASE_IMAGE} when {@code YOCTO_BASE_IMAGE} is set
 * @param registry      a registry to push to instead of the ECR repository's own ({@code YOCTO_REGISTRY})
 * @param mavenArtifact the file of the context that Maven makes ({@code target/app.jar}), rebuilt
 *                      first when missing or stale; empty for a context that is not a Maven module
 */
public record ImageSettings(String context, String dockerfile, String platform, SortedMap<String, String> buildArgs,
                            Optional<String> registry, Optional<String> mavenArtifact) {

    /** {@code host[:port]} (or {@code http(s)://host[:port]}) of a registry that takes the place of ECR's. */
    public static final String REGISTRY_VARIABLE = "YOCTO_REGISTRY";
    /** An image for the Dockerfile's {@code BASE_IMAGE} argument instead of its default. */
    public static final String BASE_IMAGE_VARIABLE = "YOCTO_BASE_IMAGE";
    public static final String BASE_IMAGE_ARG = "BASE_IMAGE";
    public static final String BACKEND_JAR = "target/app.jar";

    public ImageSettings {
        buildArgs = Collections.unmodifiableSortedMap(new TreeMap<>(buildArgs));
    }

    /** The backend of {@code yocto.yaml}'s {@code image} section, with the overrides of the environment. */
    public static ImageSettings backend(StackConfig.Image image, Map<String, String> environment) {
        SortedMap<String, String> buildArgs = new TreeMap<>();
        nonBlank(environment.get(BASE_IMAGE_VARIABLE)).ifPresent(base -> buildArgs.put(BASE_IMAGE_ARG, base));
        Optional<String> registry = nonBlank(environment.get(REGISTRY_VARIABLE));
        try {
            registry.ifPresent(Registry::parse);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(REGISTRY_VARIABLE, List.of(e.getMessage()));
        }
        return new ImageSettings(image.context(), "Dockerfile", image.platform(), buildArgs, registry,
                Optional.of(BACKEND_JAR));
    }

    public Path directory() {
        return Path.of(context).toAbsolutePath().normalize();
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
