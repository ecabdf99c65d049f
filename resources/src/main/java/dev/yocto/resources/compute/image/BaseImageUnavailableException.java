package dev.yocto.resources.compute.image;

/**
 * The build stopped at its {@code FROM} step: the base image is neither on this machine nor
 * pullable (no network, no such image, no access). The message names {@code YOCTO_BASE_IMAGE}.
 */
public final class BaseImageUnavailableException extends ImageException {

    public BaseImageUnavailableException(String message) {
        super(message);
    }
}
