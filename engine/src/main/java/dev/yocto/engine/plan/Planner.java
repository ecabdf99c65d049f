package dev.yocto.engine.plan;

import dev.yocto.engine.graph.Graph;
import dev.yocto.engine.run.Walk;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Discovered;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Kinds;
import dev.yocto.resources.api.Live;
import dev.yocto.state.ResourceRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Observes and decides once: what AWS holds of the desired resources, and of what state or the
 * stack's tags know that the configuration no longer wants (orphans), as an immutable {@link Plan}.
 * Observing only reads.
 */
public final class Planner {

    static final String NOT_WANTED = "no longer in the configuration";

    private final Map<Address, Desired<?>> desired = new TreeMap<>();
    private final Kinds kinds;
    private final Context context;
    private final StateKeeper state;
    private final int parallelism;

    public Planner(List<Desired<?>> resources, Kinds kinds, Context context, StateKeeper state, int parallelism) {
        resources.forEach(resource -> desired.put(resource.address(), resource));
        this.kinds = kinds;
        this.context = context;
        this.state = state;
        this.parallelism = parallelism;
    }

    /**
     * What to do about the scope's resources.
     *
     * @param orphanLayers the layers whose unwanted resources are orphans (those asked for, never
     *                     a layer included only because they build on it)
     * @param deleteData   whether an orphan holding data may be deleted
     */
    public record Scope(Set<String> orphanLayers, boolean deleteData) {
    }

    /** The plan of making AWS look like the desired resources, orphans deleted. */
    public Plan plan(Scope scope) {
        Map<Address, Change> changes = observeDesired(true);
        changes.putAll(orphans(scope));
        return ordered(changes);
    }

    /**
     * The plan of deleting every desired resource that exists and every orphan of the layers, except
     * what {@code keep} gives a reason to keep (left in place and in state).
     */
    public Plan teardown(Set<String> layers, Function<Address, Optional<String>> keep, boolean deleteData) {
        Map<Address, Change> changes = new TreeMap<>();
        observeDesired(false).forEach((address, change) -> {
            if (change.live().isEmpty()) {
                changes.put(address, new Change(address, change.kind(), Action.NO_OP, "not in AWS", Optional.empty(),
                        List.of(), Set.of(), false, change.tracked(), change.live()));
            } else if (keep.apply(address).isPresent()) {
                changes.put(address, new Change(address, change.kind(), Action.NO_OP, "kept: "
                        + keep.apply(address).orElseThrow(), change.physicalId(), List.of(), Set.of(), false,
                        change.tracked(), change.live()));
            } else {
                changes.put(address, new Change(address, change.kind(), Action.DELETE, "teardown",
                        change.physicalId(), List.of(), Set.of(), false, change.tracked(), change.live()));
            }
        });
        changes.putAll(orphans(new Scope(layers, deleteData)));
        return ordered(changes);
    }

    /** Observes every desired resource, dependencies first; compares each too when {@code compare}. */
    private Map<Address, Change> observeDesired(boolean compare) {
        Map<Address, Change> changes = new ConcurrentHashMap<>();
        Walk.Result result = Walk.run(graph(), parallelism, address -> {
            Desired<?> resource = desired.get(address);
            Optional<String> known = state.knownId(address);
            Optional<Live> live = observe(resource, known);
            live.ifPresent(l -> context.resolve(address, l));
            changes.put(address, compare || live.isEmpty() ? decide(resource, live, known, changes)
                    : new Change(address, resource.kind().id(), Action.NO_OP, "observed", live.map(Live::physicalId),
                            List.of(), Set.of(), false, known.isPresent(), live));
        });
        rethrowFirst(result);
        return new TreeMap<>(changes);
    }

    private Graph graph() {
        Map<Address, Set<Address>> edges = new TreeMap<>();
        desired.forEach((address, resource) -> edges.put(address, resource.dependencies().stream()
                .filter(desired::containsKey).collect(Collectors.toSet())));
        return Graph.of(edges);
    }

    private <S> Optional<Live> observe(Desired<S> resource, Optional<String> known) {
        return resource.kind().observe(context, resource.address(), Optional.of(resource.settings()), known);
    }

    private Change decide(Desired<?> resource, Optional<Live> live, Optional<String> known,
                          Map<Address, Change> decided) {
        Address address = resource.address();
        String kind = resource.kind().id();
        boolean tracked = known.isPresent();
        if (live.isEmpty()) {
            String reason = tracked ? "in state but not in AWS (deleted outside yocto)" : "not yet created";
            return new Change(address, kind, Action.CREATE, reason, Optional.empty(), List.of(), Set.of(), false,
                    tracked, live);
        }
        Optional<String> id = Optional.of(live.get().physicalId());
        Set<Address> awaiting = new TreeSet<>();
        for (Address dependency : resource.dependencies()) {
            Change before = decided.get(dependency);
            if (before != null && (before.action() == Action.CREATE || before.action() == Action.REPLACE
                    || !before.awaiting().isEmpty())) {
                awaiting.add(dependency);
            }
        }
        if (!awaiting.isEmpty()) {
            return new Change(address, kind, Action.UPDATE, "compared once " + awaiting.stream().map(Address::value)
                    .collect(Collectors.joining(", ")) + " exists", id, List.of(), awaiting, false, tracked, live);
        }
        List<Difference> differences = diff(resource, live.get(), context);
        if (differences.isEmpty()) {
            boolean adopted = !tracked || !known.get().equals(live.get().physicalId());
            return new Change(address, kind, adopted ? Action.ADOPT : Action.NO_OP,
                    adopted ? "found by its tags" : "as desired", id, List.of(), Set.of(), false, tracked, live);
        }
        boolean replace = differences.stream().anyMatch(Difference::replace);
        String fields = differences.stream().map(Difference::field).collect(Collectors.joining(", "));
        return new Change(address, kind, replace ? Action.REPLACE : Action.UPDATE,
                fields + (replace ? " cannot change in place" : " differ"), id, differences, Set.of(), false,
                tracked, live);
    }

    static <S> List<Difference> diff(Desired<S> resource, Live live, Context context) {
        return resource.kind().diff(context, resource, live);
    }

    /** What state and the stack's tags know in the scope's layers that no desired resource is. */
    private Map<Address, Change> orphans(Scope scope) {
        Predicate<Address> candidate = address -> !desired.containsKey(address)
                && scope.orphanLayers().contains(address.layer());
        Map<Address, Found> found = new TreeMap<>();
        state.current().resourcesView().forEach((id, record) -> {
            Address address = Address.of(id);
            if (candidate.test(address)) {
                found.put(address, new Found(record.kind(), record.physicalId(), true));
            }
        });
        for (Kind<?> kind : discoverable(scope)) {
            for (Discovered discovered : kind.discover(context)) {
                if (candidate.test(discovered.address())) {
                    found.putIfAbsent(discovered.address(), new Found(kind.id(), discovered.physicalId(), false));
                }
            }
        }
        Map<Address, Change> changes = new ConcurrentHashMap<>();
        Walk.Result result = Walk.run(Graph.of(found.keySet().stream().collect(Collectors.toMap(a -> a,
                a -> Set.<Address>of()))), parallelism, address -> changes.put(address,
                orphan(address, found.get(address), scope)));
        rethrowFirst(result);
        return changes;
    }

    private record Found(String kind, String physicalId, boolean tracked) {
    }

    /** The kinds that have, in the scope's layers, a desired resource or one in state: only those are listed by tag. */
    private List<Kind<?>> discoverable(Scope scope) {
        Set<String> ids = new TreeSet<>();
        desired.values().stream().filter(d -> scope.orphanLayers().contains(d.address().layer()))
                .forEach(d -> ids.add(d.kind().id()));
        state.current().resourcesView().forEach((id, record) -> {
            if (scope.orphanLayers().contains(Address.of(id).layer())) {
                ids.add(record.kind());
            }
        });
        return ids.stream().map(kinds::get).flatMap(Optional::stream).toList();
    }

    private Change orphan(Address address, Found found, Scope scope) {
        Optional<Kind<?>> kind = kinds.get(found.kind());
        if (kind.isEmpty()) {
            return new Change(address, found.kind(), Action.NO_OP, NOT_WANTED + "; this yocto has no "
                    + found.kind() + " kind to delete it with: delete it by hand", Optional.of(found.physicalId()),
                    List.of(), Set.of(), true, found.tracked(), Optional.of(Live.of(found.physicalId(), Map.of(),
                            Map.of())));
        }
        Optional<Live> live = kind.get().observe(context, address, Optional.empty(), Optional.of(found.physicalId()));
        if (live.isEmpty()) {
            return new Change(address, found.kind(), Action.NO_OP, NOT_WANTED + "; already gone from AWS",
                    Optional.empty(), List.of(), Set.of(), true, found.tracked(), live);
        }
        Optional<String> id = Optional.of(live.get().physicalId());
        if (kind.get().holdsData() && !scope.deleteData()) {
            return new Change(address, found.kind(), Action.NO_OP, NOT_WANTED + "; it holds data, so it is kept "
                    + "unless --delete-data", id, List.of(), Set.of(), true, found.tracked(), live);
        }
        return new Change(address, found.kind(), Action.DELETE, NOT_WANTED, id, List.of(), Set.of(), true,
                found.tracked(), live);
    }

    /** The changes in the order they are carried out. */
    private Plan ordered(Map<Address, Change> changes) {
        List<Change> all = List.copyOf(changes.values());
        List<Change> inOrder = Executor.order(all, dependencies(all)).order().stream().map(changes::get).toList();
        return new Plan(state.current().lineage(), state.current().serial(), inOrder);
    }

    /** The dependencies of each planned resource: as desired, and as state recorded them. */
    Map<Address, Set<Address>> dependencies(List<Change> changes) {
        Map<Address, Set<Address>> dependencies = new TreeMap<>();
        for (Change change : changes) {
            Set<Address> of = new TreeSet<>();
            Optional.ofNullable(desired.get(change.address())).ifPresent(d -> of.addAll(d.dependencies()));
            state.record(change.address()).map(ResourceRecord::dependencies)
                    .ifPresent(recorded -> recorded.forEach(id -> of.add(Address.of(id))));
            dependencies.put(change.address(), of);
        }
        return dependencies;
    }

    Optional<Desired<?>> desired(Address address) {
        return Optional.ofNullable(desired.get(address));
    }

    Context context() {
        return context;
    }

    StateKeeper state() {
        return state;
    }

    int parallelism() {
        return parallelism;
    }

    Optional<Kind<?>> kind(String id) {
        return kinds.get(id);
    }

    static void rethrowFirst(Walk.Result result) {
        result.failures().values().stream().findFirst().ifPresent(failure -> {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(failure);
        });
    }
}
