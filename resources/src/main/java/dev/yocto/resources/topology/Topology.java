package dev.yocto.resources.topology;

import dev.yocto.resources.api.Resource;
import dev.yocto.resources.config.StackConfig;
import dev.yocto.resources.data.DataSafety;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Which resources the Yoctogram stack has, by layer. */
public final class Topology {

    /** The layers whose resources exist in this version of yocto. */
    public static final Set<Layer> BUILT = EnumSet.of(Layer.DNS, Layer.NETWORK, Layer.DATA);

    private Topology() {
    }

    public static List<Resource> resources(StackConfig config, Set<Layer> layers) {
        return resources(config, layers, DataSafety.keepData());
    }

    /** The resources, with the rules that deleting data-layer resources follows (teardown's flags). */
    public static List<Resource> resources(StackConfig config, Set<Layer> layers, DataSafety safety) {
        List<Resource> resources = new ArrayList<>();
        if (layers.contains(Layer.DNS)) {
            resources.addAll(DnsLayer.resources(config));
        }
        if (layers.contains(Layer.NETWORK)) {
            resources.addAll(NetworkLayer.resources(config));
        }
        if (layers.contains(Layer.DATA)) {
            resources.addAll(DataLayer.resources(config, safety));
        }
        return resources;
    }

    /** The chosen layers plus every layer they build on. */
    public static Set<Layer> withDependencies(Set<Layer> chosen) {
        EnumSet<Layer> result = EnumSet.noneOf(Layer.class);
        for (Layer layer : chosen) {
            switch (layer) {
                case DNS, NETWORK -> result.add(layer);
                case DATA -> result.addAll(EnumSet.of(Layer.DNS, Layer.NETWORK, Layer.DATA));
                case COMPUTE -> result.addAll(EnumSet.allOf(Layer.class));
            }
        }
        return result;
    }
}
