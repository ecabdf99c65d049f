package dev.yocto.engine.plan;

import dev.yocto.resources.api.Address;
import java.util.List;
import java.util.Optional;

/**
 * An immutable plan: per resource, in dependency order (deletions in reverse), the action provision
 * would take, and the state it was made from.
 *
 * @param lineage the state's lineage when planned
 * @param serial  the state's serial when planned
 */
public record Plan(String lineage, long serial, List<Change> changes) {

    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(change -> change.action().changes());
    }

    public long count(Action action) {
        return changes.stream().filter(change -> change.action() == action).count();
    }

    public Optional<Change> change(Address address) {
        return changes.stream().filter(change -> change.address().equals(address)).findFirst();
    }

    /** True when something is not as desired: a change, or an orphan kept or gone. */
    public boolean inSync() {
        return changes.stream().allMatch(change -> change.status().equals("in-sync"));
    }
}
