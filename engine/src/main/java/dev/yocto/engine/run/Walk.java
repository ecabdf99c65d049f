package dev.yocto.engine.run;

import dev.yocto.engine.graph.Graph;
import dev.yocto.resources.api.Address;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an action on every node of a graph, each as soon as all its dependencies have succeeded, at
 * most {@code parallelism} at a time. After the first failure no new node starts; the ones in flight
 * finish and are reported; nodes that never ran are reported as skipped.
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
