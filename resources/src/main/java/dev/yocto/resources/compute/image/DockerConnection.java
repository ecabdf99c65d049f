package dev.yocto.resources.compute.image;

import com.github.dockerjava.api.DockerClient;

/**
 * Opens a client of a Docker daemon that answers; otherwise throws {@link DockerUnavailableException}
 * saying how to get one.
 */
@FunctionalInterface
public interface DockerConnection {

    DockerClient open();
}
