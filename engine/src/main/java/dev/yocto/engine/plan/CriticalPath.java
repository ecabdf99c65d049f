package dev.yocto.engine.plan;

import dev.yocto.engine.graph.Graph;
import dev.yocto.engine.run.Walk;
import dev.yocto.resources.api.Address;
import dev.yocto.state.StackState;
import dev.yocto.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The longest chain of modeled AWS work ({@link Waits}) through a stack's dependency graph: the
 * fastest a provision (or, on reversed edges, a teardown) can possibly be, whatever the scheduler.
 * Read from a state file, which keeps every resource's kind and dependencies; the timing benchmark
 * runs {@link #main} on the state a provision left.
 */
public record CriticalPath(List<Address> chain, Duration length) {

    /** The critical path of a graph whose nodes cost {@code cost} milliseconds each. */
    public static CriticalPath of(Graph graph, ToLongFunction<Address> cost) {
        Map<Address, Long> remaining = Walk.remainingPaths(graph, cost);
        Comparator<Address> longest = Comparator.<Address>comparingLong(remaining::get)
                .thenComparing(Comparator.<Address>naturalOrder().reversed());
        List<Address> chain = new ArrayList<>();
        Set<Address> next = new TreeSet<>(graph.nodes().stream().filter(n -> graph.dependenciesOf(n).isEmpty()).toList());
        while (!next.isEmpty()) {
            Address step = next.stream().max(longest).orElseThrow();
            chain.add(step);
            next = graph.dependentsOf(step);
        }
        return new CriticalPath(chain, Duration.ofMillis(chain.isEmpty() ? 0 : remaining.get(chain.get(0))));
    }

    /** Of creating every resource the state records, in dependency order. */
    public static CriticalPath provision(StackState state) {
        return of(graph(state), address -> cost(state, address, Action.CREATE));
    }

    /** Of deleting every resource the state records, dependents first. */
    public static CriticalPath teardown(StackState state) {
        return of(graph(state).reversed(), address -> cost(state, address, Action.DELETE));
    }

    private static long cost(StackState state, Address address, Action action) {
        String kind = state.resourcesView().get(address.value()).kind();
        return Waits.of(kind, action).plus(Waits.CALLS).toMillis();
    }

    private static Graph graph(StackState state) {
        Map<Address, Set<Address>> edges = new TreeMap<>();
        state.resourcesView().forEach((address, record) -> edges.put(Address.of(address),
                record.dependencies().stream().filter(state.resourcesView()::containsKey).map(Address::of)
                        .collect(java.util.stream.Collectors.toSet())));
        return Graph.of(edges);
    }

    /** "network/vpc → … → compute/service, 12.3 min" with each step's kind. */
    public String describe(StackState state) {
        return String.join(" → ", chain.stream().map(a -> a.value() + " ("
                + state.resourcesView().get(a.value()).kind() + ")").toList())
                + String.format(", %.1f min", length.toMillis() / 60_000.0);
    }

    /**
     * For the timing benchmark: {@code CriticalPath STATE-FILE STACK REGION} prints two lines,
     * {@code provision <seconds> <chain>} and {@code teardown <seconds> <chain>}.
     */
    public static void main(String[] args) {
        StackState state = new StateStore(Path.of(args[0])).load(args[1], args[2])
                .orElseThrow(() -> new IllegalArgumentException("no state in " + args[0]));
        CriticalPath provision = provision(state);
        CriticalPath teardown = teardown(state);
        System.out.printf("provision %.1f %s%n", provision.length.toMillis() / 1000.0, provision.describe(state));
        System.out.printf("teardown %.1f %s%n", teardown.length.toMillis() / 1000.0, teardown.describe(state));
    }
}
