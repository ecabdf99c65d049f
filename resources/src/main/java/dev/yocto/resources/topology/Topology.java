package dev.yocto.resources.topology;

import dev.yocto.resources.api.Artifact;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Kinds;
import dev.yocto.resources.config.StackConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which resources the Yoctogram stack has, by layer. */
public final class Topology {

    private Topology() {
    }

    public static List<Desired<?>> resources(StackConfig config, Set<Layer> layers) {
        return resources(config, layers, System.getenv());
    }

    /**
     * The resources, with the environment's overrides of the image step ({@code YOCTO_REGISTRY},
     * {@code YOCTO_BASE_IMAGE}).
     */
    public static List<Desired<?>> resources(StackConfig config, Set<Layer> layers, Map<String, String> environment) {
        List<Desired<?>> resources = new ArrayList<>();
        if (layers.contains(Layer.DNS)) {
            resources.addAll(DnsLayer.resources(config));
        }
        if (layers.contains(Layer.NETWORK)) {
            resources.addAll(NetworkLayer.resources(config));
        }
        if (layers.contains(Layer.DATA)) {
            resources.addAll(DataLayer.resources(config));
        }
        if (layers.contains(Layer.COMPUTE)) {
            resources.addAll(ComputeLayer.resources(config, environment));
        }
        return resources;
    }

    /** What provision builds from local sources before planning the layers; plan and status only check it. */
    public static List<Artifact> artifacts(StackConfig config, Set<Layer> layers, Map<String, String> environment) {
        return layers.contains(Layer.COMPUTE) ? ComputeLayer.artifacts(config, environment) : List.of();
    }

    /** Every kind of the stack, by id: how state-only and tag-only resources (orphans) are handled. */
    public static Kinds kinds() {
        List<Kind<?>> kinds = new ArrayList<>(DnsLayer.kinds());
        kinds.addAll(NetworkLayer.kinds());
        kinds.addAll(DataLayer.kinds());
        kinds.addAll(ComputeLayer.kinds());
        return new Kinds(kinds);
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

    /**
     * The layers that cannot exist on this emulator: those that call a service it lacks, and every
     * layer built on one of them. Empty against AWS and moto.
     */
    public static Set<Layer> absentOn(Emulation emulation) {
        EnumSet<Layer> lacking = EnumSet.noneOf(Layer.class);
        for (Layer layer : Layer.values()) {
            if (layer.services().stream().anyMatch(service -> !emulation.offers(service))) {
                lacking.add(layer);
            }
        }
        return withDependents(lacking);
    }

    /** The chosen layers plus every layer built on them: what tearing the chosen ones down removes. */
    public static Set<Layer> withDependents(Set<Layer> chosen) {
        EnumSet<Layer> result = EnumSet.noneOf(Layer.class);
        for (Layer layer : Layer.values()) {
            if (withDependencies(EnumSet.of(layer)).stream().anyMatch(chosen::contains)) {
                result.add(layer);
            }
        }
        return result;
    }
}
