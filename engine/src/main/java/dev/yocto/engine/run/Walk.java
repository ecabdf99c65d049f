package dev.yocto.engine.run;

import dev.yocto.engine.graph.Graph;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Permits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * Runs an action on every node of a graph, each as soon as all its dependencies have succeeded.
 * After the first failure no new node starts; the ones in flight finish and are reported; nodes that
 * never ran are reported as skipped.
 *
 * <p>{@link #scheduled} starts every ready node at once on a thread of its own, most-waited-for
 * first, and leaves the bound on concurrent work to the {@link Permits} around each AWS call: a node
 * that sleeps between polls of AWS holds nothing. {@link #run} is the older fixed pool of
 * {@code parallelism} threads, where a waiting node holds its thread for the whole wait; the planner's
 * reads use it, and the timing benchmark selects it for provision to measure the difference.
 */
public final class Walk {

    /** What to do at one node; throwing fails the node. */
    @FunctionalInterface
    public interface Action {
        void run(Address node) throws Exception;
    }

    public enum Status { SUCCEEDED, FAILED, SKIPPED }

    public record Result(Map<Address, Status> statuses, Map<Address, Throwable> failures) {

        public boolean succeeded() {
            return failures.isEmpty();
        }
    }

    private Walk() {
    }

    /**
     * Starts every ready node at once, those with the longest remaining path first, each on its own
     * thread whose AWS calls get that path as their {@link Permits#prioritise priority}. The remaining
     * path of a node is its own {@code cost} plus the longest remaining path among its dependents: the
     * time that is certain to pass after the node starts before the whole walk can end.
     */
    public static Result scheduled(Graph graph, ToLongFunction<Address> cost, Action action) {
        Map<Address, Long> remaining = remainingPaths(graph, cost);
        Comparator<Address> mostWaitedFor = Comparator.<Address>comparingLong(remaining::get).reversed()
                .thenComparing(Comparator.naturalOrder());
        BlockingQueue<Map.Entry<Address, Optional<Throwable>>> finished = new LinkedBlockingQueue<>();
        Map<Address, Integer> waitingOn = new TreeMap<>();
        graph.nodes().forEach(node -> waitingOn.put(node, graph.dependenciesOf(node).size()));
        Map<Address, Status> statuses = new TreeMap<>();
        Map<Address, Throwable> failures = new TreeMap<>();
        List<Address> ready = new ArrayList<>(waitingOn.keySet().stream().filter(n -> waitingOn.get(n) == 0).toList());
        int inFlight = 0;
        while (true) {
            if (failures.isEmpty()) { // fail fast: once anything failed, start nothing new
                ready.sort(mostWaitedFor);
                for (Address node : ready) {
                    start(node, remaining.get(node), action, finished);
                    inFlight++;
                }
            }
            ready.clear();
            if (inFlight == 0) {
                break;
            }
            Map.Entry<Address, Optional<Throwable>> done;
            try {
                done = finished.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for resources", e);
            }
            inFlight--;
            Address node = done.getKey();
            if (done.getValue().isPresent()) {
                statuses.put(node, Status.FAILED);
                failures.put(node, done.getValue().get());
                continue;
            }
            statuses.put(node, Status.SUCCEEDED);
            for (Address dependent : graph.dependentsOf(node)) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        graph.nodes().forEach(node -> statuses.putIfAbsent(node, Status.SKIPPED));
        return new Result(statuses, failures);
    }

    private static void start(Address node, long priority, Action action,
                              BlockingQueue<Map.Entry<Address, Optional<Throwable>>> finished) {
        Thread thread = new Thread(() -> {
            Permits.prioritise(priority);
            Optional<Throwable> failure = Optional.empty();
            try {
                action.run(node);
            } catch (Throwable e) {
                failure = Optional.of(e);
            }
            finished.add(Map.entry(node, failure));
        }, "yocto-" + node.value());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Per node, its cost plus the longest remaining path among its dependents: the longest chain of
     * work from the node to the end of the walk.
     */
    public static Map<Address, Long> remainingPaths(Graph graph, ToLongFunction<Address> cost) {
        Map<Address, Long> remaining = new TreeMap<>();
        List<Address> order = new ArrayList<>(graph.order());
        Collections.reverse(order);
        for (Address node : order) {
            long after = graph.dependentsOf(node).stream().mapToLong(remaining::get).max().orElse(0);
            remaining.put(node, cost.applyAsLong(node) + after);
        }
        return remaining;
    }

    /** The fixed pool: at most {@code parallelism} nodes at a time, started in address order. */
    public static Result run(Graph graph, int parallelism, Action action) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "yocto-worker-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            return walk(graph, pool, action);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result walk(Graph graph, ExecutorService pool, Action action) {
        CompletionService<Address> completions = new ExecutorCompletionService<>(pool);
        Map<Address, Integer> waitingOn = new TreeMap<>();
        graph.nodes().forEach(node -> waitingOn.put(node, graph.dependenciesOf(node).size()));
        Map<Address, Status> statuses = new TreeMap<>();
        Map<Address, Throwable> failures = new TreeMap<>();
        Map<Future<Address>, Address> inFlight = new java.util.HashMap<>();

        Set<Address> ready = new TreeSet<>();
        waitingOn.forEach((node, count) -> {
            if (count == 0) {
                ready.add(node);
            }
        });
        for (Address node : ready) {
            inFlight.put(completions.submit(() -> {
                action.run(node);
                return node;
            }), node);
        }
        while (!inFlight.isEmpty()) {
            Future<Address> done;
            try {
                done = completions.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for resources", e);
            }
            Address node = inFlight.remove(done);
            try {
                done.get();
                statuses.put(node, Status.SUCCEEDED);
            } catch (ExecutionException e) {
                statuses.put(node, Status.FAILED);
                failures.put(node, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (!failures.isEmpty()) {
                continue; // fail fast: let the in-flight ones finish, start nothing new
            }
            for (Address dependent : graph.dependentsOf(node)) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    inFlight.put(completions.submit(() -> {
                        action.run(dependent);
                        return dependent;
                    }), dependent);
                }
            }
        }
        graph.nodes().forEach(node -> statuses.putIfAbsent(node, Status.SKIPPED));
        return new Result(statuses, failures);
    }
}
