package dev.yocto.resources.api;

/**
 * A reference in a resource's settings to what another resource exposes. The resource holding it
 * depends on {@code producer}: that edge is derived from the reference, never declared twice.
 * Printed (and hashed into state) as {@code producer.output}, not as its resolved value.
 */
public record Ref<T>(Address producer, Output<T> output) {

    @Override
    public String toString() {
        return producer + "." + output.name();
    }
}
