package dev.yocto.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.yocto.engine.graph.Graph;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.AwsClients;
import dev.yocto.resources.api.Permits;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The executor's walker: waits hold nothing, most-waited-for first, calls bounded by permits. */
class ScheduledWalkTest {

    private static Address a(String value) {
        return Address.of("t/" + value);
    }

    private static Map<Address, Set<Address>> independent(int count) {
        Map<Address, Set<Address>> edges = new HashMap<>();
        for (int i = 0; i < count; i++) {
            edges.put(a("n" + i), Set.of());
        }
        return edges;
    }

    @Test
    void scheduled_tenResourcesWaitingAtOnce_withTwoPermits_allProgress() {
        Permits permits = new Permits(2);
        CountDownLatch allWaiting = new CountDownLatch(10);

        // Each node makes a call, then "polls AWS" until all ten are waiting at once: on a pool of two
        // workers the third could never start and the first two would time out.
        Walk.Result result = Walk.scheduled(Graph.of(independent(10)), node -> 1, node -> {
            permits.hold(() -> null);
            allWaiting.countDown();
            if (!allWaiting.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(node + ": the others never started waiting");
            }
            permits.hold(() -> null);
        });

        assertThat(result.succeeded()).as("every waiting node finished").isTrue();
        assertThat(permits.peak()).isBetween(1, 2);
    }

    @Test
    void scheduled_grantsContendedPermitsToTheLongestRemainingPathFirst() throws Exception {
        // short (1) alone; mid (2) -> after-mid (3); long (1) -> after-long (10): remaining paths 1, 5, 11.
        Graph graph = Graph.of(Map.of(a("short"), Set.of(), a("mid"), Set.of(), a("long"), Set.of(),
                a("after-mid"), Set.of(a("mid")), a("after-long"), Set.of(a("long"))));
        Map<Address, Long> cost = Map.of(a("short"), 1L, a("mid"), 2L, a("long"), 1L, a("after-mid"), 3L,
                a("after-long"), 10L);
        Permits permits = new Permits(1);
        List<Address> granted = new CopyOnWriteArrayList<>();

        permits.acquire(); // the test holds the only permit until all three roots queue for it
        CompletableFuture<Walk.Result> walk = CompletableFuture.supplyAsync(() -> Walk.scheduled(graph, cost::get,
                node -> permits.hold(() -> granted.add(node))), Executors.newSingleThreadExecutor());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (permits.queued() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(permits.queued()).as("the three ready roots queue for the permit").isEqualTo(3);
        permits.release();

        assertThat(walk.get(10, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(granted.get(0)).isEqualTo(a("long"));
        assertThat(granted.stream().filter(node -> graph.dependenciesOf(node).isEmpty()).toList())
                .as("the roots queued together, granted by their longest remaining path")
                .containsExactly(a("long"), a("mid"), a("short"));
        assertThat(Walk.remainingPaths(graph, cost::get)).containsEntry(a("long"), 11L).containsEntry(a("mid"), 5L)
                .containsEntry(a("short"), 1L);
    }

    @Test
    void scheduled_afterFailure_finishesInFlightWork_startsNothingNew_skipsDependents() {
        Graph graph = Graph.of(Map.of(a("bad"), Set.of(), a("slow"), Set.of(), a("after-bad"), Set.of(a("bad")),
                a("after-slow"), Set.of(a("slow"))));
        CountDownLatch failed = new CountDownLatch(1);
        List<Address> completed = new CopyOnWriteArrayList<>();

        // "slow" is in flight when "bad" fails: it must still finish, and "after-slow" must not start.
        Walk.Result result = Walk.scheduled(graph, node -> 1, node -> {
            if (node.equals(a("bad"))) {
                failed.countDown();
                throw new IllegalStateException("AWS said no");
            }
            if (node.equals(a("slow"))) {
                failed.await(10, TimeUnit.SECONDS);
                Thread.sleep(50);
            }
            completed.add(node);
        });

        assertThat(result.failures()).containsOnlyKeys(a("bad"));
        assertThat(result.failures().get(a("bad"))).hasMessage("AWS said no");
        assertThat(completed).containsExactly(a("slow"));
        assertThat(result.statuses()).containsEntry(a("slow"), Walk.Status.SUCCEEDED)
                .containsEntry(a("bad"), Walk.Status.FAILED)
                .containsEntry(a("after-bad"), Walk.Status.SKIPPED)
                .containsEntry(a("after-slow"), Walk.Status.SKIPPED);
    }

    @Test
    void scheduled_sdkCallsInFlight_neverExceedTheBound_countedAtTheServer() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            requests.incrementAndGet();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        Permits permits = new Permits(3);
        try (AwsClients aws = new AwsClients(Region.US_WEST_2,
                Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), List.of(), permits)) {

            // Twelve resources, each three calls with a "poll sleep" between them that holds no permit.
            Walk.Result result = Walk.scheduled(Graph.of(independent(12)), node -> 1, node -> {
                for (int call = 0; call < 3; call++) {
                    aws.s3().headBucket(r -> r.bucket("bucket-" + node.value().replace('/', '-')));
                    Thread.sleep(10);
                }
            });

            assertThat(result.succeeded()).isTrue();
        } finally {
            server.stop(0);
        }
        assertThat(requests.get()).isEqualTo(36);
        assertThat(peak.get()).as("requests the server saw at once").isBetween(2, 3);
        assertThat(permits.peak()).isEqualTo(peak.get());
    }
}
