package dev.yocto.engine.cli;

import dev.yocto.engine.plan.Action;
import dev.yocto.engine.plan.Change;
import java.util.List;

/** The closing figures of every command that talks to AWS (DESIGN §4). */
record Summary(long created, long updated, long replaced, long deleted, long unchanged, int awsCalls,
               int mutatingCalls, int retries, double seconds) {

    static Summary of(List<Change> changes, Session session) {
        return new Summary(count(changes, Action.CREATE), count(changes, Action.UPDATE),
                count(changes, Action.REPLACE), count(changes, Action.DELETE),
                count(changes, Action.NO_OP) + count(changes, Action.ADOPT),
                session.calls.total(), session.calls.mutating(), session.calls.retries(), Math.round(session.seconds() * 100) / 100.0);
    }

    private static long count(List<Change> changes, Action action) {
        return changes.stream().filter(change -> change.action() == action).count();
    }

    String line() {
        return String.format("%d created, %d updated, %d replaced, %d deleted, %d unchanged; %d AWS calls "
                + "(%d mutating, %d read%s); %.1f s", created, updated, replaced, deleted, unchanged, awsCalls,
                mutatingCalls, awsCalls - mutatingCalls, retries == 0 ? "" : ", " + retries + " retried", seconds);
    }
}
