package dev.yocto.engine.plan;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The planned or applied action for one resource, with why and what was observed.
 *
 * @param reason      why, in words: what differs, what it waits for, or that it is no longer wanted
 * @param differences the fields in which AWS differs from the desired settings
 * @param awaiting    dependencies not yet created (or to be replaced): this resource's desired
 *                    settings are known only once they exist, so it is compared then
 * @param orphan      known to state or the stack's tags but no longer in the configuration
 * @param tracked     state knew it before this run
 * @param live        what AWS reported when planned; empty when it does not exist
 */
public record Change(Address address, String kind, Action action, String reason, Optional<String> physicalId,
                     List<Difference> differences, Set<Address> awaiting, boolean orphan, boolean tracked,
                     Optional<Live> live) {

    public Change {
        differences = List.copyOf(differences);
        awaiting = Set.copyOf(awaiting);
    }

    /** The same change as it turned out when applied. */
    Change applied(Action done, Optional<String> id, List<Difference> found) {
        return new Change(address, kind, done, reason, id, found, awaiting, orphan, tracked, live);
    }

    /** Its standing in {@code status}: in-sync, drifted, missing, untracked, not-created or orphan. */
    public String status() {
        if (orphan) {
            return live.isPresent() ? "orphan" : "in-sync";
        }
        return switch (action) {
            case CREATE -> tracked ? "missing" : "not-created";
            case ADOPT -> "untracked";
            case NO_OP -> "in-sync";
            case UPDATE, REPLACE -> "drifted";
            case DELETE -> "orphan";
        };
    }
}
