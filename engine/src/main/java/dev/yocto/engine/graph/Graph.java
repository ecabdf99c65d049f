package dev.yocto.engine.graph;

import dev.yocto.resources.api.Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A directed acyclic graph of resource addresses: each node with the nodes it depends on. Unknown
 * dependencies and cycles are rejected when it is built, before any AWS call.
 */
public final class Graph {

    private final SortedMap<Address, SortedSet<Address>> dependencies;
    private final SortedMap<Address, SortedSet<Address>> dependents;

    private Graph(SortedMap<Address, SortedSet<Address>> dependencies) {
        this.dependencies = dependencies;
        this.dependents = new TreeMap<>();
        dependencies.keySet().forEach(node -> dependents.put(node, new TreeSet<>()));
        dependencies.forEach((node, deps) -> deps.forEach(dep -> dependents.get(dep).add(node)));
    }

    public static Graph of(Map<Address, ? extends Set<Address>> edges) {
        SortedMap<Address, SortedSet<Address>> copy = new TreeMap<>();
        edges.forEach((node, deps) -> copy.put(node, Collections.unmodifiableSortedSet(new TreeSet<>(deps))));
        List<String> problems = new ArrayList<>();
        copy.forEach((node, deps) -> deps.forEach(dep -> {
            if (!copy.containsKey(dep)) {
                problems.add(node + " depends on unknown " + dep);
            }
        }));
        if (!problems.isEmpty()) {
            throw new GraphException(String.join("; ", problems));
        }
        Graph graph = new Graph(copy);
        graph.findCycle().ifPresent(cycle -> {
            throw new GraphException("dependency cycle: " + String.join(" -> ", cycle.stream().map(Address::value).toList()));
        });
        return graph;
    }

    public Set<Address> nodes() {
        return Collections.unmodifiableSet(dependencies.keySet());
    }

    public Set<Address> dependenciesOf(Address node) {
        return dependencies.get(node);
    }

    public Set<Address> dependentsOf(Address node) {
        return Collections.unmodifiableSortedSet(dependents.get(node));
    }

    /** The same nodes with every edge turned round: the order of teardown. */
    public Graph reversed() {
        return new Graph(new TreeMap<>(dependents));
    }

    /** Nodes grouped so that each group depends only on earlier groups: what can run in parallel. */
    public List<SortedSet<Address>> levels() {
        Map<Address, Integer> remaining = new TreeMap<>();
        dependencies.forEach((node, deps) -> remaining.put(node, deps.size()));
        List<SortedSet<Address>> levels = new ArrayList<>();
        SortedSet<Address> ready = new TreeSet<>();
        remaining.forEach((node, count) -> {
            if (count == 0) {
                ready.add(node);
            }
        });
        while (!ready.isEmpty()) {
            levels.add(Collections.unmodifiableSortedSet(new TreeSet<>(ready)));
            SortedSet<Address> next = new TreeSet<>();
            for (Address node : ready) {
                for (Address dependent : dependents.get(node)) {
                    if (remaining.merge(dependent, -1, Integer::sum) == 0) {
                        next.add(dependent);
                    }
                }
            }
            ready.clear();
            ready.addAll(next);
        }
        return levels;
    }

    /** The nodes in an order where every node comes after its dependencies. */
    public List<Address> order() {
        return levels().stream().flatMap(Set::stream).toList();
    }

    private java.util.Optional<List<Address>> findCycle() {
        Map<Address, Integer> color = new TreeMap<>();
        for (Address start : dependencies.keySet()) {
            List<Address> path = new ArrayList<>();
            java.util.Optional<List<Address>> cycle = visit(start, color, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return java.util.Optional.empty();
    }

    private java.util.Optional<List<Address>> visit(Address node, Map<Address, Integer> color, List<Address> path) {
        int state = color.getOrDefault(node, 0);
        if (state == 2) {
            return java.util.Optional.empty();
        }
        if (state == 1) {
            List<Address> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return java.util.Optional.of(cycle);
        }
        color.put(node, 1);
        path.add(node);
        for (Address dep : dependencies.get(node)) {
            java.util.Optional<List<Address>> cycle = visit(dep, color, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        color.put(node, 2);
        return java.util.Optional.empty();
    }
}
