package dev.yocto.resources.api;

import java.util.function.Function;

/**
 * A value a kind exposes to the resources that use it, read from its {@link Live} view: declared
 * once, as a constant of the kind ({@code VpcKind.ID}), never as an attribute name repeated by
 * its consumers.
 */
public record Output<T>(String kind, String name, Function<Live, T> read) {

    /** The resource's physical id. */
    public static Output<String> physicalId(String kind) {
        return new Output<>(kind, "physicalId", Live::physicalId);
    }

    /** One of the attributes state keeps for dependents. */
    public static Output<String> attribute(String kind, String name) {
        return new Output<>(kind, name, live -> live.attribute(name));
    }

    /** This output of the resource at {@code producer}. */
    public Ref<T> of(Address producer) {
        return new Ref<>(producer, this);
    }

    @Override
    public String toString() {
        return kind + "." + name;
    }
}
