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

    /** The old resource as a desired resource with its own declared dependencies. */
    public static Desired<Object> desired(Resource resource) {
        return new Desired<>(resource.address(), new LegacyKind(resource), resource.settings(),
                resource.dependencies());
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
