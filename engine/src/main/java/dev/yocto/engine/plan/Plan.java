package dev.yocto.engine.plan;

import java.util.List;

/** An immutable plan: per resource, in dependency order, the action provision would take. */
public record Plan(List<Change> changes) {

    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(change -> change.action().changes());
    }

    public long count(Action action) {
        return changes.stream().filter(change -> change.action() == action).count();
    }
}
