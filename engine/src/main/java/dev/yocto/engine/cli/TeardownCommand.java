package dev.yocto.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.yocto.engine.plan.Action;
import dev.yocto.engine.plan.Change;
import dev.yocto.engine.plan.Executor;
import dev.yocto.engine.plan.Plan;
import dev.yocto.engine.plan.Planner;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.DataSafety;
import dev.yocto.resources.topology.DataLayer;
import dev.yocto.resources.topology.DnsLayer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "teardown", aliases = "down", description = "Delete the stack in reverse dependency order. "
        + "Data is kept unless --delete-data; the database gets a final snapshot unless --skip-final-snapshot; "
        + "the hosted zone (and its delegation) is kept unless --delete-zone or --delete-data.")
final class TeardownCommand extends StackCommand {

    @Option(names = "--yes", description = "Do not ask for confirmation (required when not on a terminal).")
    boolean yes;

    @Option(names = "--delete-data", description = "Also delete the image buckets and every object in them, "
            + "and the hosted zone.")
    boolean deleteData;

    @Option(names = "--delete-zone", description = "Also delete the hosted zone and its delegation: the next "
            + "provision makes a zone with new name servers, and the domain must be delegated to them again.")
    boolean deleteZone;

    @Option(names = "--skip-final-snapshot", description = "Delete the database without a final snapshot.")
    boolean skipFinalSnapshot;

    @Override
    public Integer call() throws IOException {
        GlobalOptions options = options();
        Session.offline(options, io());
        confirm(options);
        try (Session session = Session.connected(options, io(), Optional.of("teardown"))) {
            DataSafety safety = new DataSafety(deleteData, !skipFinalSnapshot, Instant.now());
            Planner planner = session.planner(safety, session.teardownLayers);
            Plan plan = planner.teardown(Session.ids(session.teardownLayers), this::kept, deleteData);
            Executor.Outcome outcome = session.executor(planner).apply(plan);
            List<Change> kept = outcome.changes().stream()
                    .filter(change -> kept(change.address()).isPresent() && change.physicalId().isPresent()).toList();
            Optional<String> snapshot = outcome.changes().stream()
                    .filter(change -> change.address().equals(DataLayer.DB_CLUSTER) && change.action() == Action.DELETE)
                    .findFirst().filter(change -> safety.finalSnapshot())
                    .map(change -> safety.finalSnapshotId(change.physicalId().orElseThrow()));
            Summary summary = Summary.of(outcome.changes().stream()
                    .filter(change -> change.action() == Action.DELETE).toList(), session);
            if (options.json()) {
                ObjectNode document = Json.object();
                document.put("stack", session.config.stack());
                document.put("region", session.config.region());
                document.put("succeeded", outcome.succeeded());
                document.set("deleted", Json.changes(outcome.changes().stream()
                        .filter(change -> change.action() == Action.DELETE).toList()));
                ArrayNode keptNode = document.putArray("kept");
                kept.forEach(change -> keptNode.addObject().put("id", change.address().value())
                        .put("physicalId", change.physicalId().orElseThrow())
                        .put("reason", kept(change.address()).orElseThrow()));
                document.put("finalSnapshot", snapshot.orElse(null));
                ArrayNode failures = document.putArray("failures");
                outcome.failures().forEach((address, error) -> failures.addObject().put("id", address.value())
                        .put("message", Executor.message(error)));
                document.set("summary", Json.summary(summary));
                Json.print(io().out(), document);
            } else {
                ProvisionCommand.reportFailures(session, outcome.failures(), outcome.skipped().size());
                kept.forEach(change -> io().out().println("Kept " + change.address() + " " + change.physicalId()
                        .orElseThrow() + " (" + kept(change.address()).orElseThrow() + ")"));
                snapshot.ifPresent(id -> io().out().println("Final snapshot of the database: " + id
                        + " (kept; restore it with RestoreDBClusterFromSnapshot)"));
                io().out().println("Teardown " + (outcome.succeeded() ? "complete" : "failed") + ": " + summary.line());
                io().out().flush();
            }
            return outcome.succeeded() ? ExitCode.OK : ExitCode.ERROR;
        }
    }

    /** Why teardown leaves a resource in place, if it does. */
    private Optional<String> kept(Address address) {
        if (!deleteData && DataLayer.KEPT_UNLESS_DELETE_DATA.contains(address)) {
            return Optional.of("it holds data; teardown --delete-data removes it");
        }
        if (!deleteData && !deleteZone && DnsLayer.KEPT_UNLESS_DELETE_ZONE.contains(address)) {
            return Optional.of(DnsLayer.KEPT_BECAUSE + "; teardown --delete-zone removes it");
        }
        return Optional.empty();
    }

    private void confirm(GlobalOptions options) throws IOException {
        if (yes) {
            return;
        }
        if (!io().terminal()) {
            throw new RefusedException("teardown deletes the stack; not on a terminal, so pass --yes to confirm");
        }
        Session session = Session.offline(options, io());
        io().out().print("Delete stack '" + session.config.stack() + "' in " + session.config.region()
                + (deleteData ? " INCLUDING its image buckets and hosted zone"
                : deleteZone ? " INCLUDING its hosted zone (image buckets and a database snapshot are kept)"
                : " (image buckets, a database snapshot and the hosted zone are kept)")
                + "? Type the stack name to confirm: ");
        io().out().flush();
        String answer = io().in().readLine();
        if (answer == null || !answer.trim().equals(session.config.stack())) {
            throw new RefusedException("teardown declined; nothing was deleted");
        }
    }
}
