package dev.yocto.engine.plan;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Difference;
import java.util.List;
import java.util.Optional;

/** The planned or applied action for one resource, with what was observed. */
public record Change(Address address, String kind, Action action, Optional<String> physicalId,
                     List<Difference> differences) {

    public Change {
        differences = List.copyOf(differences);
    }
}
