package dev.yocto.resources.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A desired resource: data the topology builds from the configuration. Its dependencies are the
 * producers of the {@link Ref}s in its settings, found wherever they are nested (records, lists,
 * optionals, map values).
 *
 * @param address      the logical id, e.g. {@code network/vpc}
 * @param kind         the handler of its AWS type
 * @param settings     what it should look like; references stand for other resources' outputs
 * @param dependencies what must exist before it: derived by {@link #of}
 */
public record Desired<S>(Address address, Kind<S> kind, S settings, Set<Address> dependencies) {

    public Desired {
        dependencies = Set.copyOf(dependencies);
    }

    public static <S> Desired<S> of(Address address, Kind<S> kind, S settings) {
        Set<Address> dependencies = new TreeSet<>();
        collectRefs(settings, dependencies);
        dependencies.remove(address);
        return new Desired<>(address, kind, settings, dependencies);
    }

    /** A reference to one of this resource's outputs; the output must be one of its kind's. */
    public <T> Ref<T> ref(Output<T> output) {
        if (!output.kind().equals(kind.id())) {
            throw new IllegalArgumentException(address + " is a " + kind.id() + " and has no output " + output);
        }
        return output.of(address);
    }

    /** The text whose hash state keeps: the settings with references by name, not by value. */
    public String settingsText() {
        return String.valueOf(settings);
    }

    private static void collectRefs(Object value, Set<Address> into) {
        if (value instanceof Ref<?> ref) {
            into.add(ref.producer());
        } else if (value instanceof Optional<?> optional) {
            optional.ifPresent(inner -> collectRefs(inner, into));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(inner -> collectRefs(inner, into));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(inner -> collectRefs(inner, into));
        } else if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    collectRefs(component.getAccessor().invoke(record), into);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), e);
                }
            }
        }
    }
}
