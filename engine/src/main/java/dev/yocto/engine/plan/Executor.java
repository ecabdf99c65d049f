package dev.yocto.engine.plan;

import dev.yocto.engine.graph.Graph;
import dev.yocto.engine.progress.Event;
import dev.yocto.engine.progress.Progress;
import dev.yocto.engine.run.Walk;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.ResourceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries out a plan: every change as soon as what it waits for is done, deletions after what
 * depended on the deleted resource (as desired or as state recorded it), state written after each.
 */
public final class Executor {

    private final Planner planner;
    private final Context context;
    private final StateKeeper state;
    private final Progress progress;
    private final int parallelism;
    private final boolean fixedPool;

    /** Applies plans of {@code planner}, in its run (context, state, parallelism). */
    public Executor(Planner planner, Progress progress) {
        this(planner, progress, false);
    }

    /**
     * With {@code fixedPool}, on the walker of before issue 12 ({@link Walk#run}: a fixed pool of
     * {@code parallelism} threads, a waiting resource holding one), kept only so the timing benchmark
     * can measure the difference on the same machine in the same run.
     */
    public Executor(Planner planner, Progress progress, boolean fixedPool) {
        this.planner = planner;
        this.context = planner.context();
        this.state = planner.state();
        this.progress = progress;
        this.parallelism = planner.parallelism();
        this.fixedPool = fixedPool;
    }

    /** The outcome of applying a plan: per resource what was done, and what failed or never started. */
    public record Outcome(List<Change> changes, Map<Address, Throwable> failures, List<Address> skipped) {

        public boolean succeeded() {
            return failures.isEmpty();
        }

        public long count(Action action) {
            return changes.stream().filter(change -> change.action() == action).count();
        }
    }

    public Outcome apply(Plan plan) {
        Map<Address, Change> planned = new TreeMap<>();
        plan.changes().forEach(change -> planned.put(change.address(), change));
        Graph graph = order(plan.changes(), planner.dependencies(plan.changes()));
        Map<Address, Change> done = new ConcurrentHashMap<>();
        Map<Address, Live> applied = new ConcurrentHashMap<>();
        Walk.Action step = address -> {
            Change change = planned.get(address);
            long started = System.nanoTime();
            try {
                Change outcome = carryOut(change, planned, applied);
                done.put(address, outcome);
                progress.accept(Event.finished(address, describe(outcome), elapsed(started)));
            } catch (RuntimeException e) {
                progress.accept(Event.failed(address, message(e), elapsed(started)));
                throw e;
            }
        };
        Walk.Result result = fixedPool ? Walk.run(graph, parallelism, step)
                : Walk.scheduled(graph, address -> Waits.of(planned.get(address)).toMillis(), step);
        List<Address> skipped = result.statuses().entrySet().stream()
                .filter(e -> e.getValue() == Walk.Status.SKIPPED).map(Map.Entry::getKey).toList();
        List<Change> changes = graph.order().stream().filter(done::containsKey).map(done::get).toList();
        return new Outcome(changes, result.failures(), skipped);
    }

    /**
     * The order of a plan's changes: a change waits for its dependencies, except a deletion, which
     * waits instead for everything that depends on what it deletes.
     */
    static Graph order(List<Change> changes, Map<Address, Set<Address>> dependencies) {
        Map<Address, Change> byAddress = new TreeMap<>();
        changes.forEach(change -> byAddress.put(change.address(), change));
        Map<Address, Set<Address>> edges = new TreeMap<>();
        for (Change change : changes) {
            Set<Address> waitsFor = new TreeSet<>();
            if (change.action() == Action.DELETE) {
                dependencies.forEach((dependent, of) -> {
                    if (of.contains(change.address()) && byAddress.containsKey(dependent)) {
                        waitsFor.add(dependent);
                    }
                });
            } else {
                dependencies.getOrDefault(change.address(), Set.of()).stream()
                        .filter(byAddress::containsKey)
                        .filter(dependency -> byAddress.get(dependency).action() != Action.DELETE)
                        .forEach(waitsFor::add);
            }
            waitsFor.remove(change.address());
            edges.put(change.address(), waitsFor);
        }
        return Graph.of(edges);
    }

    private Change carryOut(Change change, Map<Address, Change> planned, Map<Address, Live> applied) {
        Address address = change.address();
        Optional<Desired<?>> desired = planner.desired(address);
        if (change.action() == Action.DELETE) {
            Live live = change.live().orElseThrow();
            started(address, change.kind(), Action.DELETE, "deleting " + live.physicalId()
                    + (change.orphan() ? " (" + Planner.NOT_WANTED + ")" : ""));
            Kind<?> kind = desired.<Kind<?>>map(Desired::kind).or(() -> planner.kind(change.kind()))
                    .orElseThrow(() -> new ResourceException(address, "no kind " + change.kind() + " to delete it"));
            kind.delete(context, address, live);
            state.forget(address);
            context.forget(address);
            return change.applied(Action.DELETE, Optional.of(live.physicalId()), List.of());
        }
        if (change.live().isEmpty() && change.action() != Action.CREATE) {
            state.forget(address); // an orphan already gone, or a resource absent at teardown
            return change.applied(Action.NO_OP, Optional.empty(), List.of());
        }
        if (desired.isEmpty() || change.orphan()) {
            return change; // an orphan kept
        }
        if (change.action() == Action.CREATE) {
            started(address, change.kind(), Action.CREATE, "creating");
            return settle(change, Action.CREATE, create(desired.get()), List.of(), applied);
        }
        Live live = change.live().get();
        boolean recompare = !change.awaiting().isEmpty() || inputsChanged(desired.get(), planned, applied);
        List<Difference> differences = recompare ? Planner.diff(desired.get(), live, context) : change.differences();
        if (differences.isEmpty()) {
            Action done = change.action() == Action.ADOPT ? Action.ADOPT : Action.NO_OP;
            return settle(change, done, live, List.of(), applied);
        }
        String fields = fields(differences);
        if (differences.stream().anyMatch(Difference::replace)) {
            started(address, change.kind(), Action.REPLACE, "replacing (" + fields + " cannot change in place)");
            desired.get().kind().delete(context, address, live);
            return settle(change, Action.REPLACE, create(desired.get()), differences, applied);
        }
        started(address, change.kind(), Action.UPDATE, "updating " + fields);
        return settle(change, Action.UPDATE, update(desired.get(), live, differences), differences, applied);
    }

    /**
     * Says what a change starts doing and, for a long wait, how long AWS usually takes in all
     * ("usually about 6 min", from the time model): progress shows it beside whatever the change
     * then reports it waits for, so a quiet minute does not look like a hang.
     */
    private void started(Address address, String kind, Action action, String doing) {
        progress.accept(Event.started(address, doing, Waits.usually(kind, action).orElse("")));
    }

    /**
     * True when a dependency now exposes other values than when the plan was made (a new image
     * digest, a replaced resource's id): the desired settings read from it changed, so this
     * resource is compared again.
     */
    private static boolean inputsChanged(Desired<?> desired, Map<Address, Change> planned, Map<Address, Live> applied) {
        for (Address dependency : desired.dependencies()) {
            Live now = applied.get(dependency);
            Change before = planned.get(dependency);
            if (now != null && before != null && before.live().map(l -> !l.attributes().equals(now.attributes())
                    || !l.physicalId().equals(now.physicalId())).orElse(true)) {
                return true;
            }
        }
        return false;
    }

    private Change settle(Change change, Action done, Live live, List<Difference> differences,
                          Map<Address, Live> applied) {
        Desired<?> desired = planner.desired(change.address()).orElseThrow();
        context.resolve(change.address(), live);
        applied.put(change.address(), live);
        state.remember(desired, live);
        return change.applied(done, Optional.of(live.physicalId()), differences);
    }

    private <S> Live create(Desired<S> desired) {
        return desired.kind().create(context, desired);
    }

    private <S> Live update(Desired<S> desired, Live live, List<Difference> differences) {
        return desired.kind().update(context, desired, live, differences);
    }

    private static String fields(List<Difference> differences) {
        return String.join(", ", differences.stream().map(Difference::field).toList());
    }

    static String describe(Change change) {
        String id = change.physicalId().map(i -> " " + i).orElse("");
        return switch (change.action()) {
            case CREATE -> "created" + id;
            case UPDATE -> "updated" + id + " (" + fields(change.differences()) + ")";
            case REPLACE -> "replaced" + id + " (" + fields(change.differences()) + ")";
            case ADOPT -> "adopted" + id + " (found by its tags)";
            case DELETE -> "deleted" + id;
            case NO_OP -> change.orphan() && change.live().isPresent() ? "kept" + id + " (" + change.reason() + ")"
                    : change.reason().startsWith("kept") ? "kept" + id : "unchanged" + id;
        };
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public static String message(Throwable e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().serviceName() + " " + aws.awsErrorDetails().errorCode() + ": "
                    + aws.awsErrorDetails().errorMessage();
        }
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws && aws.awsErrorDetails() != null) {
            // No error code: an answer without AWS's error body (an emulator's HTTP 500, a proxy).
            return aws.awsErrorDetails().serviceName() + " answered HTTP " + aws.statusCode()
                    + " without an AWS error (request id " + aws.requestId() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
