package dev.yocto.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.engine.plan.Action;
import dev.yocto.engine.plan.Change;
import dev.yocto.engine.plan.Plan;
import dev.yocto.resources.api.Difference;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", description = "Show what provision would do; exit 0 nothing to do, 2 changes pending.")
final class PlanCommand extends StackCommand {

    @Option(names = "--delete-data", description = "Plan to delete orphans that hold data too (as provision "
            + "--delete-data would).")
    boolean deleteData;

    @Option(names = "--out", paramLabel = "FILE", description = "Save the plan; 'yocto provision FILE' applies "
            + "exactly it, and refuses when the state or the resources changed since.")
    Path out;

    @Override
    public Integer call() {
        GlobalOptions options = options();
        try (Session session = Session.connected(options, io(), Optional.empty())) {
            session.noteStaleArtifacts();
            Plan plan = session.planner().plan(session.scope(deleteData));
            if (out != null) {
                session.saved(plan, deleteData).write(io().workingDirectory().resolve(out));
            }
            Summary summary = new Summary(plan.count(Action.CREATE), plan.count(Action.UPDATE),
                    plan.count(Action.REPLACE), plan.count(Action.DELETE),
                    plan.count(Action.NO_OP) + plan.count(Action.ADOPT),
                    session.calls.total(), session.calls.mutating(), session.calls.retries(),
                    Math.round(session.seconds() * 100) / 100.0);
            PrintWriter out = io().out();
            if (options.json()) {
                ObjectNode document = Json.object();
                document.put("stack", session.config.stack());
                document.put("region", session.config.region());
                document.put("hasChanges", plan.hasChanges());
                document.set("changes", Json.changes(plan.changes()));
                document.set("summary", Json.summary(summary));
                Json.print(out, document);
            } else {
                for (Change change : plan.changes()) {
                    if (change.action() == Action.NO_OP && !change.orphan() && !options.verbose()) {
                        continue;
                    }
                    out.println("  " + symbol(change.action()) + " " + change.address() + " (" + change.kind() + "): "
                            + (change.orphan() && change.action() == Action.NO_OP ? "keep" : change.action().verb())
                            + change.physicalId().map(id -> " " + id).orElse("") + ": " + change.reason());
                    for (Difference difference : change.differences()) {
                        out.println("      " + difference.field() + ": " + difference.live() + " -> "
                                + difference.desired() + (difference.replace() ? " (forces replacement)" : ""));
                    }
                }
                out.println(plan.hasChanges() ? "Plan: " + summary.created() + " to create, " + summary.updated()
                        + " to update, " + summary.replaced() + " to replace, " + summary.deleted() + " to delete, "
                        + summary.unchanged() + " unchanged."
                        : "No changes: AWS matches the configuration.");
                out.println(String.format("%d AWS calls (%d mutating); %.1f s", summary.awsCalls(),
                        summary.mutatingCalls(), summary.seconds()));
                out.flush();
            }
            return plan.hasChanges() ? ExitCode.CHANGES : ExitCode.OK;
        }
    }

    static String symbol(Action action) {
        return switch (action) {
            case CREATE -> "+";
            case DELETE -> "-";
            case UPDATE, REPLACE -> "~";
            case ADOPT, NO_OP -> "=";
        };
    }
}
