package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Discovered;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import java.util.List;
import java.util.Optional;

/** What every EC2 kind observes and discovers the same way: through the run's listing of its type. */
abstract class Ec2Kind<S, T> implements Kind<S> {

    private final Ec2Listing<T> listing;

    Ec2Kind(Ec2Listing<T> listing) {
        this.listing = listing;
    }

    @Override
    public final String id() {
        return listing.kind();
    }

    @Override
    public final Optional<Live> observe(Context context, Address address, Optional<S> settings,
                                        Optional<String> knownId) {
        return listing.find(context, address, knownId).map(item -> observed(context, address, settings, item));
    }

    /** The live view of an observed item; a kind whose attributes depend on its settings adds to it. */
    Live observed(Context context, Address address, Optional<S> settings, T item) {
        return live(context, item);
    }

    @Override
    public final List<Discovered> discover(Context context) {
        return listing.discover(context);
    }

    /** The live view of one listed or described item. */
    abstract Live live(Context context, T item);
}
