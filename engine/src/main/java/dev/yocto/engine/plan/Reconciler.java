package dev.yocto.engine.plan;

import dev.yocto.engine.graph.Graph;
import dev.yocto.engine.progress.Event;
import dev.yocto.engine.progress.Progress;
import dev.yocto.engine.run.Walk;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes AWS look like the desired resources: plan (observe and diff), provision (observe, then
 * create, update or replace), status (state vs desired vs live) and teardown (delete in reverse
 * order), each a parallel walk of the dependency graph.
 */
public final class Reconciler {

    private final Map<Address, Resource> resources = new TreeMap<>();
    private final Graph graph;
    private final Context context;
    private final StateKeeper state;
    private final Progress progress;
    private final int parallelism;

    public Reconciler(List<Resource> resources, Context context, StateKeeper state, Progress progress,
                      int parallelism) {
        for (Resource resource : resources) {
            this.resources.put(resource.address(), resource);
        }
        // A teardown of some layers leaves out the layers they build on; their order does not matter then.
        Map<Address, java.util.Set<Address>> edges = new TreeMap<>();
        for (Resource resource : resources) {
            edges.put(resource.address(), resource.dependencies().stream().filter(this.resources::containsKey)
                    .collect(java.util.stream.Collectors.toSet()));
        }
        this.graph = Graph.of(edges);
        this.context = context;
        this.state = state;
        this.progress = progress;
        this.parallelism = parallelism;
    }

    /** The outcome of a provision or teardown: per resource what was done, and what failed. */
    public record Outcome(List<Change> changes, Map<Address, Throwable> failures, List<Address> skipped) {

        public boolean succeeded() {
            return failures.isEmpty();
        }

        public long count(Action action) {
            return changes.stream().filter(change -> change.action() == action).count();
        }
    }

    public Plan plan() {
        Map<Address, Change> changes = new ConcurrentHashMap<>();
        Walk.Result result = Walk.run(graph, parallelism, address -> {
            Resource resource = resources.get(address);
            Optional<String> known = state.knownId(address);
            Optional<Live> live = resource.observe(context, known);
            live.ifPresent(l -> context.resolve(address, l));
            changes.put(address, decide(resource, live, known));
        });
        rethrowFirst(result);
        return new Plan(ordered(changes));
    }

    private Change decide(Resource resource, Optional<Live> live, Optional<String> known) {
        if (live.isEmpty()) {
            return new Change(resource.address(), resource.kind(), Action.CREATE, Optional.empty(), List.of());
        }
        Optional<String> id = Optional.of(live.get().physicalId());
        Optional<Address> unresolved = resource.dependencies().stream()
                .filter(dep -> context.resolved(dep).isEmpty()).findFirst();
        if (unresolved.isPresent()) {
            // A dependency will be created first; this one then follows it, at least by an update.
            return new Change(resource.address(), resource.kind(), Action.UPDATE, id,
                    List.of(new Difference(unresolved.get().value(), "present", "missing", false)));
        }
        List<Difference> differences = resource.diff(context, live.get());
        if (differences.isEmpty()) {
            boolean adopted = known.isEmpty() || !known.get().equals(live.get().physicalId());
            return new Change(resource.address(), resource.kind(), adopted ? Action.ADOPT : Action.NO_OP, id, List.of());
        }
        Action action = differences.stream().anyMatch(Difference::replace) ? Action.REPLACE : Action.UPDATE;
        return new Change(resource.address(), resource.kind(), action, id, differences);
    }

    public Outcome provision() {
        Map<Address, Change> changes = new ConcurrentHashMap<>();
        Walk.Result result = Walk.run(graph, parallelism, address -> {
            Resource resource = resources.get(address);
            long started = System.nanoTime();
            progress.accept(Event.started(address, "checking"));
            try {
                Change change = converge(resource);
                changes.put(address, change);
                progress.accept(Event.finished(address, describe(change), elapsed(started)));
            } catch (RuntimeException e) {
                progress.accept(Event.failed(address, message(e), elapsed(started)));
                throw e;
            }
        });
        return outcome(changes, result);
    }

    private Change converge(Resource resource) {
        Address address = resource.address();
        Optional<String> known = state.knownId(address);
        Optional<Live> observed = resource.observe(context, known);
        Change change = observed.isPresent() ? decide(resource, observed, known)
                : new Change(address, resource.kind(), Action.CREATE, Optional.empty(), List.of());
        Live live = switch (change.action()) {
            case CREATE -> {
                progress.accept(Event.started(address, "creating"));
                yield resource.create(context);
            }
            case UPDATE -> {
                progress.accept(Event.started(address, "updating " + fields(change)));
                yield resource.update(context, observed.orElseThrow(), change.differences());
            }
            case REPLACE -> {
                progress.accept(Event.started(address, "replacing (" + fields(change) + " cannot change in place)"));
                resource.delete(context, observed.orElseThrow());
                yield resource.create(context);
            }
            case NO_OP, ADOPT, DELETE -> observed.orElseThrow();
        };
        context.resolve(address, live);
        state.remember(resource, live);
        return new Change(address, resource.kind(), change.action(), Optional.of(live.physicalId()),
                change.differences());
    }

    private static String fields(Change change) {
        return String.join(", ", change.differences().stream().map(Difference::field).toList());
    }

    private static String describe(Change change) {
        String id = change.physicalId().map(i -> " " + i).orElse("");
        return switch (change.action()) {
            case CREATE -> "created" + id;
            case UPDATE -> "updated" + id + " (" + fields(change) + ")";
            case REPLACE -> "replaced" + id + " (" + fields(change) + ")";
            case ADOPT -> "adopted" + id + " (found by its tags)";
            case DELETE -> "deleted" + id;
            case NO_OP -> "unchanged" + id;
        };
    }

    /** One resource's standing: state vs desired vs live. */
    public record ResourceStatus(Address address, String kind, Optional<String> physicalId, String status,
                                 List<Difference> differences) {
    }

    public List<ResourceStatus> status() {
        Map<Address, ResourceStatus> statuses = new ConcurrentHashMap<>();
        Walk.Result result = Walk.run(graph, parallelism, address -> {
            Resource resource = resources.get(address);
            Optional<String> known = state.knownId(address);
            Optional<Live> live = resource.observe(context, known);
            live.ifPresent(l -> context.resolve(address, l));
            statuses.put(address, standing(resource, known, live));
        });
        rethrowFirst(result);
        return graph.order().stream().map(statuses::get).toList();
    }

    private ResourceStatus standing(Resource resource, Optional<String> known, Optional<Live> live) {
        Address address = resource.address();
        if (live.isEmpty()) {
            return new ResourceStatus(address, resource.kind(), known, known.isPresent() ? "missing" : "not-created",
                    List.of());
        }
        Optional<String> id = Optional.of(live.get().physicalId());
        if (known.isEmpty() || !known.get().equals(live.get().physicalId())) {
            return new ResourceStatus(address, resource.kind(), id, "untracked", List.of());
        }
        List<Difference> differences = new ArrayList<>();
        for (Address dependency : resource.dependencies()) {
            if (context.resolved(dependency).isEmpty()) {
                differences.add(new Difference(dependency.value(), "present", "missing", false));
            }
        }
        if (differences.isEmpty()) {
            differences.addAll(resource.diff(context, live.get()));
        }
        return new ResourceStatus(address, resource.kind(), id, differences.isEmpty() ? "in-sync" : "drifted",
                differences);
    }

    /**
     * Deletes every resource (found by state or by tags) in reverse dependency order, except those
     * {@code keep} names, which are left in place and in state.
     */
    public Outcome teardown(java.util.function.Predicate<Address> keep) {
        Map<Address, Change> changes = new ConcurrentHashMap<>();
        Walk.Result result = Walk.run(graph.reversed(), parallelism, address -> {
            Resource resource = resources.get(address);
            long started = System.nanoTime();
            Optional<String> known = state.knownId(address);
            Optional<Live> live = resource.observe(context, known);
            if (live.isEmpty()) {
                state.forget(address);
                changes.put(address, new Change(address, resource.kind(), Action.NO_OP, Optional.empty(), List.of()));
                return;
            }
            if (keep.test(address)) {
                changes.put(address, new Change(address, resource.kind(), Action.NO_OP,
                        Optional.of(live.get().physicalId()), List.of()));
                progress.accept(Event.finished(address, "kept " + live.get().physicalId(), elapsed(started)));
                return;
            }
            progress.accept(Event.started(address, "deleting " + live.get().physicalId()));
            try {
                resource.delete(context, live.get());
            } catch (RuntimeException e) {
                progress.accept(Event.failed(address, message(e), elapsed(started)));
                throw e;
            }
            state.forget(address);
            context.forget(address);
            Change change = new Change(address, resource.kind(), Action.DELETE, Optional.of(live.get().physicalId()),
                    List.of());
            changes.put(address, change);
            progress.accept(Event.finished(address, describe(change), elapsed(started)));
        });
        return outcome(changes, result);
    }

    private Outcome outcome(Map<Address, Change> changes, Walk.Result result) {
        List<Address> skipped = result.statuses().entrySet().stream()
                .filter(e -> e.getValue() == Walk.Status.SKIPPED).map(Map.Entry::getKey).toList();
        return new Outcome(ordered(changes), result.failures(), skipped);
    }

    private List<Change> ordered(Map<Address, Change> changes) {
        return graph.order().stream().filter(changes::containsKey).map(changes::get).toList();
    }

    private static void rethrowFirst(Walk.Result result) {
        result.failures().values().stream().findFirst().ifPresent(failure -> {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(failure);
        });
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
