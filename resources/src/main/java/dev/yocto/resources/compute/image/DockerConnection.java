package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;

/** Opens a client of a Docker daemon that answers; throws {@link ImageException} saying how to get one otherwise. */
@FunctionalInterface
public interface DockerConnection {

    DockerClient open();
}
