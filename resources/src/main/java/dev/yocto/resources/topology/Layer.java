package dev.yocto.resources.topology;

import java.util.Arrays;
import java.util.Optional;

/** The four layers of the Yoctogram stack, in the order they build on each other. */
public enum Layer {
    DNS, NETWORK, DATA, COMPUTE;

    public String id() {
        return name().toLowerCase();
    }

    public static Optional<Layer> parse(String id) {
        return Arrays.stream(values()).filter(layer -> layer.id().equals(id)).findFirst();
    }
}
