package dev.yocto.resources.network;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Discovered;
import dev.yocto.resources.api.Tags;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * How one EC2 type is listed and described: one listing per run of the stack's resources of that
 * type ({@link Context#listing}) serves observing each of them and discovering orphans, so neither
 * costs a call per resource.
 *
 * @param kind        the kind id, also the listing's key
 * @param listStack   the stack's resources of the type (filtered by the stack tag)
 * @param describe    one resource by its id, empty when AWS does not know it
 */
record Ec2Listing<T>(String kind, Function<Context, List<T>> listStack, Function<T, String> idOf,
                     Function<T, List<Tag>> tagsOf, BiFunction<Context, String, Optional<T>> describe) {

    private List<T> ours(Context context) {
        // moto ignores some tag filters (NAT gateways): the stack tag is checked here again.
        return context.<List<T>>listing(kind, () -> listStack.apply(context).stream()
                .filter(r -> context.stack().equals(Ec2Support.asMap(tagsOf.apply(r)).get(Tags.STACK))).toList());
    }

    /**
     * By its known id, else by its tags; a known id missing from the listing (its tags were
     * changed, say) is described directly.
     */
    Optional<T> find(Context context, Address address, Optional<String> knownId) {
        List<T> ours = ours(context);
        if (knownId.isPresent()) {
            String id = knownId.get();
            Optional<T> known = ours.stream().filter(r -> idOf.apply(r).equals(id)).findFirst()
                    .or(() -> Ec2Support.byId(i -> describe.apply(context, i), id));
            if (known.isPresent()) {
                return known;
            }
        }
        return ours.stream().filter(r -> Ec2Support.isOurs(context, address, tagsOf.apply(r))).findFirst();
    }

    /** Every resource of the type tagged with the stack and a logical id. */
    List<Discovered> discover(Context context) {
        return ours(context).stream().flatMap(r -> {
            String logicalId = Ec2Support.asMap(tagsOf.apply(r)).get(Tags.RESOURCE);
            try {
                return java.util.stream.Stream.of(new Discovered(Address.of(logicalId), idOf.apply(r)));
            } catch (IllegalArgumentException e) {
                return java.util.stream.Stream.empty(); // a stack tag without a valid logical id is not ours
            }
        }).toList();
    }

    /** Re-reads one resource after a change, bypassing the run's listing. */
    Optional<T> reread(Context context, String id) {
        return Ec2Support.byId(i -> describe.apply(context, i), id);
    }
}
