package dev.yocto.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.engine.graph.Graph;
import dev.yocto.resources.api.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WalkTest {

    private static Address a(String value) {
        return Address.of("t/" + value);
    }

    @Test
    void run_startsNodeOnlyAfterItsDependenciesSucceeded() {
        Graph graph = Graph.of(Map.of(a("vpc"), Set.of(), a("subnet"), Set.of(a("vpc")),
                a("route"), Set.of(a("subnet"), a("vpc"))));
        List<Address> finished = new CopyOnWriteArrayList<>();

        Walk.Result result = Walk.run(graph, 8, finished::add);

        assertThat(result.succeeded()).isTrue();
        assertThat(finished).containsExactly(a("vpc"), a("subnet"), a("route"));
    }

    @Test
    void run_runsIndependentNodesConcurrently() throws InterruptedException {
        Graph graph = Graph.of(Map.of(a("one"), Set.of(), a("two"), Set.of(), a("three"), Set.of()));
        CountDownLatch allStarted = new CountDownLatch(3);

        // Each node waits until all three have started: only a parallel walk can finish.
        Walk.Result result = Walk.run(graph, 8, node -> {
            allStarted.countDown();
            if (!allStarted.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("nodes did not run in parallel");
            }
        });

        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void run_neverExceedsParallelism() {
        Map<Address, Set<Address>> edges = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            edges.put(a("n" + i), Set.of());
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();

        Walk.run(Graph.of(edges), 3, node -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(5);
            running.decrementAndGet();
        });

        assertThat(peak.get()).isBetween(1, 3);
    }

    @Test
    void run_afterFailure_finishesInFlightWork_startsNothingNew_skipsDependents() {
        Graph graph = Graph.of(Map.of(a("bad"), Set.of(), a("slow"), Set.of(), a("after-bad"), Set.of(a("bad")),
                a("after-slow"), Set.of(a("slow"))));
        List<Address> completed = new CopyOnWriteArrayList<>();

        // One worker: "bad" and "slow" are both submitted (in flight) before "bad" runs and fails,
        // so "slow" must still finish while "after-slow" must not start.
        Walk.Result result = Walk.run(graph, 1, node -> {
            if (node.equals(a("bad"))) {
                throw new IllegalStateException("AWS said no");
            }
            completed.add(node);
        });

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failures()).containsOnlyKeys(a("bad"));
        assertThat(result.failures().get(a("bad"))).hasMessage("AWS said no");
        assertThat(completed).containsExactly(a("slow"));
        assertThat(result.statuses()).containsEntry(a("slow"), Walk.Status.SUCCEEDED)
                .containsEntry(a("bad"), Walk.Status.FAILED)
                .containsEntry(a("after-bad"), Walk.Status.SKIPPED)
                .containsEntry(a("after-slow"), Walk.Status.SKIPPED);
    }
}
