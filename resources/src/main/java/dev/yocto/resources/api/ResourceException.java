package dev.yocto.resources.api;

/** An operation on a resource failed; carries the address and AWS's own message. */
public class ResourceException extends RuntimeException {

    private final Address address;

    public ResourceException(Address address, String message) {
        super(message);
        this.address = address;
    }

    public ResourceException(Address address, String message, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    public Address address() {
        return address;
    }
}
