package dev.yocto.resources.compute.image;

/**
 * A step of the image pipeline failed (no Docker daemon, a failed build or push, a registry that
 * refuses or does not answer, a failed jar build); the message says what happened and, where it
 * can, how to fix it. The image resource reports it with its address.
 */
public class ImageException extends RuntimeException {

    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
