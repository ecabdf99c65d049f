package dev.yocto.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.engine.plan.Executor;
import dev.yocto.engine.plan.Plan;
import dev.yocto.engine.plan.Planner;
import dev.yocto.engine.plan.SavedPlan;
import dev.yocto.resources.api.Address;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "provision", aliases = "up", description = "Create or update everything.")
final class ProvisionCommand extends StackCommand {

    @Option(names = "--delete-data", description = "Also delete orphans that hold data (a database, an image "
            + "bucket) when the configuration no longer wants them.")
    boolean deleteData;

    @Parameters(arity = "0..1", paramLabel = "PLAN", description = "A plan saved by 'yocto plan --out': apply "
            + "exactly it (refused, exit 3, when the state or the resources changed since).")
    Path planFile;

    @Override
    public Integer call() {
        GlobalOptions options = options();
        try (Session session = Session.connected(options, io(), Optional.of("provision"))) {
            noteEmulated(session);
            session.buildArtifacts();
            Planner planner = session.planner();
            Optional<SavedPlan> saved = Optional.ofNullable(planFile)
                    .map(file -> SavedPlan.read(io().workingDirectory().resolve(file)));
            Plan plan = planner.plan(session.scope(deleteData));
            saved.ifPresent(planned -> planned.verify(session.saved(plan, deleteData)));
            Executor.Outcome outcome = session.executor(planner).apply(plan);
            noteDelegation(session);
            Summary summary = Summary.of(outcome.changes(), session);
            if (options.json()) {
                ObjectNode document = Json.object();
                document.put("stack", session.config.stack());
                document.put("region", session.config.region());
                document.put("succeeded", outcome.succeeded());
                document.set("changes", Json.changes(outcome.changes()));
                ArrayNode failures = document.putArray("failures");
                outcome.failures().forEach((address, error) -> failures.addObject().put("id", address.value())
                        .put("message", Executor.message(error)));
                ArrayNode skipped = document.putArray("notStarted");
                outcome.skipped().forEach(address -> skipped.add(address.value()));
                document.set("summary", Json.summary(summary));
                Json.print(io().out(), document);
            } else {
                reportFailures(session, outcome.failures(), outcome.skipped().size());
                io().out().println("Provision " + (outcome.succeeded() ? "complete" : "failed") + ": " + summary.line());
                io().out().flush();
            }
            return outcome.succeeded() ? ExitCode.OK : ExitCode.ERROR;
        }
    }

    static void reportFailures(Session session, Map<Address, Throwable> failures, int notStarted) {
        failures.forEach((address, error) -> session.io.err().println("error: " + address + ": "
                + Executor.message(error)));
        if (!failures.isEmpty() && notStarted > 0) {
            session.io.err().println(notStarted + " resources were not started because of the failure; "
                    + "fix the cause and run the command again: it continues where it stopped.");
        }
        session.io.err().flush();
    }
}
