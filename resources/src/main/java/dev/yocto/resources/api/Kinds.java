package dev.yocto.resources.api;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The kinds yocto knows, by the id state stores: how a resource found only in state or by tags is handled. */
public final class Kinds {

    private final Map<String, Kind<?>> byId = new TreeMap<>();

    public Kinds(Collection<? extends Kind<?>> kinds) {
        for (Kind<?> kind : kinds) {
            if (byId.put(kind.id(), kind) != null) {
                throw new IllegalArgumentException("two kinds with the id " + kind.id());
            }
        }
    }

    public Optional<Kind<?>> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Kind<?>> all() {
        return byId.values();
    }
}
