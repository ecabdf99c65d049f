package dev.yocto.resources.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TEMPORARY BRIDGE, removed once every layer is converted to kinds: runs an old {@link Resource}
 * (desired settings and AWS operations in one object) as a kind of its own. Unlike a real kind it
 * holds its resource, so it is not in {@link Kinds}: an orphan of an unconverted type is reported
 * but cannot be deleted.
 */
public final class LegacyKind implements Kind<Object> {

    private final Resource resource;

    private LegacyKind(Resource resource) {
        this.resource = resource;
    }

    /**
     * The old resource as a desired resource with its own declared dependencies; a resource made by
     * {@link #converted} is its desired resource again.
     */
    public static Desired<?> desired(Resource resource) {
        if (resource instanceof Converted<?> converted) {
            return converted.desired();
        }
        return new Desired<>(resource.address(), new LegacyKind(resource), resource.settings(),
                resource.dependencies());
    }

    /** A desired resource of a converted kind among the old resources of a layer still on the bridge. */
    public static Resource converted(Desired<?> desired) {
        return new Converted<>(desired);
    }

    private record Converted<S>(Desired<S> desired) implements Resource {

        @Override
        public Address address() {
            return desired.address();
        }

        @Override
        public String kind() {
            return desired.kind().id();
        }

        @Override
        public Set<Address> dependencies() {
            return desired.dependencies();
        }

        @Override
        public Object settings() {
            return desired.settings();
        }

        @Override
        public Optional<Live> observe(Context context, Optional<String> knownId) {
            return desired.kind().observe(context, desired.address(), Optional.of(desired.settings()), knownId);
        }

        @Override
        public Live create(Context context) {
            return desired.kind().create(context, desired);
        }

        @Override
        public Map<String, String> desiredFields(Context context) {
            return desired.kind().desiredFields(context, desired);
        }

        @Override
        public List<Difference> diff(Context context, Live live) {
            return desired.kind().diff(context, desired, live);
        }

        @Override
        public Set<String> replacedOnChange() {
            return desired.kind().replacedOnChange();
        }

        @Override
        public Live update(Context context, Live live, List<Difference> differences) {
            return desired.kind().update(context, desired, live, differences);
        }

        @Override
        public void delete(Context context, Live live) {
            desired.kind().delete(context, desired.address(), live);
        }
    }

    @Override
    public String id() {
        return resource.kind();
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Object> settings,
                                  Optional<String> knownId) {
        return resource.observe(context, knownId);
    }

    @Override
    public Live create(Context context, Desired<Object> desired) {
        return resource.create(context);
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Object> desired) {
        return resource.desiredFields(context);
    }

    @Override
    public List<Difference> diff(Context context, Desired<Object> desired, Live live) {
        return resource.diff(context, live);
    }

    @Override
    public Set<String> replacedOnChange() {
        return resource.replacedOnChange();
    }

    @Override
    public Live update(Context context, Desired<Object> desired, Live live, List<Difference> differences) {
        return resource.update(context, live, differences);
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        resource.delete(context, live);
    }
}
