package dev.yocto.resources.compute.image;

/** The registry does not answer at all (as opposed to answering with a refusal). */
public final class RegistryUnreachableException extends ImageException {

    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
