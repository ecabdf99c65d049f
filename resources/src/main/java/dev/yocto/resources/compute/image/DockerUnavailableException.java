package dev.yocto.resources.compute.image;

/** No Docker daemon answers; the message says where yocto looked and how to start one. */
public final class DockerUnavailableException extends ImageException {

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
