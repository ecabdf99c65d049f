package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Resource;
import dev.yocto.resources.compute.EcrRepositoryResource;
import dev.yocto.resources.compute.image.BackendImageResource;
import dev.yocto.resources.compute.image.DockerConnection;
import dev.yocto.resources.compute.image.DockerDaemon;
import dev.yocto.resources.compute.image.ImageSettings;
import dev.yocto.resources.config.StackConfig;
import java.util.List;
import java.util.Map;

/**
 * The compute layer of DESIGN §6. So far its image pipeline: the ECR repository
 * {@code <stack>/backend} and the backend image, built from {@code image.context} for
 * {@code image.platform} and tagged with the content hash of the context.
 */
public final class ComputeLayer {

    public static final Address ECR_REPOSITORY = Address.of("compute/ecr-repository");
    public static final Address IMAGE = Address.of("compute/image");

    private ComputeLayer() {
    }

    /** The repository and the image, with the overrides of this process's environment and its Docker daemon. */
    public static List<Resource> imagePipeline(StackConfig config) {
        return imagePipeline(config, System.getenv(), DockerDaemon.fromEnvironment());
    }

    /**
     * @param environment {@code YOCTO_REGISTRY} (push there instead of the repository's registry) and
     *                    {@code YOCTO_BASE_IMAGE} (the Dockerfile's {@code BASE_IMAGE})
     */
    public static List<Resource> imagePipeline(StackConfig config, Map<String, String> environment,
                                               DockerConnection docker) {
        return List.of(new EcrRepositoryResource(ECR_REPOSITORY, repositoryName(config.stack())),
                new BackendImageResource(IMAGE, ImageSettings.backend(config.image(), environment), ECR_REPOSITORY,
                        docker));
    }

    public static String repositoryName(String stack) {
        return stack + "/backend";
    }
}
