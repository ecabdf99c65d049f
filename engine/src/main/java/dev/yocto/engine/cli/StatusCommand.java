package dev.yocto.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.engine.plan.Change;
import dev.yocto.engine.plan.Plan;
import dev.yocto.resources.api.Difference;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "status", description = "State vs desired vs live; exit 0 in sync, 2 drift found.")
final class StatusCommand extends StackCommand {

    @Override
    public Integer call() {
        GlobalOptions options = options();
        try (Session session = Session.connected(options, io(), Optional.empty())) {
            session.noteStaleArtifacts();
            Plan plan = session.planner().plan(session.scope(false));
            List<Change> statuses = plan.changes().stream()
                    .filter(change -> !(change.orphan() && change.live().isEmpty())).toList();
            boolean inSync = plan.inSync();
            PrintWriter out = io().out();
            if (options.json()) {
                ObjectNode document = Json.object();
                document.put("stack", session.config.stack());
                document.put("region", session.config.region());
                document.put("inSync", inSync);
                ArrayNode resources = document.putArray("resources");
                for (Change status : statuses) {
                    ObjectNode node = resources.addObject();
                    node.put("id", status.address().value());
                    node.put("kind", status.kind());
                    node.put("reason", status.reason());
                    node.put("physicalId", status.physicalId().orElse(null));
                    node.put("status", status.status());
                    node.set("differences", Json.differences(status.differences()));
                }
                document.set("summary", Json.summary(new Summary(0, 0, 0, 0, 0, session.calls.total(),
                        session.calls.mutating(), session.calls.retries(), Math.round(session.seconds() * 100) / 100.0)));
                Json.print(out, document);
            } else {
                for (Change status : statuses) {
                    out.println(String.format("  %-12s %-36s %s", status.status(), status.address(),
                            status.physicalId().orElse("")));
                    if (!status.status().equals("in-sync") && status.differences().isEmpty()) {
                        out.println("      " + status.reason());
                    }
                    for (Difference difference : status.differences()) {
                        out.println("      " + difference.field() + ": desired " + difference.desired() + ", live "
                                + difference.live());
                    }
                }
                long drifted = statuses.stream().filter(s -> !s.status().equals("in-sync")).count();
                out.println((inSync ? "In sync" : drifted + " of " + statuses.size() + " resources not in sync"
                        + " (run 'yocto provision' to repair)") + String.format("; %d AWS calls (%d mutating); %.1f s",
                        session.calls.total(), session.calls.mutating(), session.seconds()));
                out.flush();
            }
            return inSync ? ExitCode.OK : ExitCode.CHANGES;
        }
    }
}
