package dev.yocto.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.CreateDbClusterResponse;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;

/**
 * The whole stack under the behaviour profile's time model (scale 0.01) with {@code --parallelism 2}:
 * ordering facts of the schedule, read from the order of the progress lines (never from times).
 */
@ExtendWith(EmulatorExtension.class)
class ScheduleTest {

    private static final Pattern STARTED = Pattern.compile("^  \\.\\.\\. (\\S+): (creating|deleting)\\b.*");
    private static final Pattern FINISHED = Pattern.compile("^  [-+~=] (\\S+) .*");
    /** Resources that wait minutes for AWS on create (the time model's phases). */
    private static final Set<String> WAITING = Set.of("data/db/instance", "dns/certificate/regional",
            "dns/certificate/cloudfront", "network/nat-gateway/a", "network/nat-gateway/b", "compute/ecs/service");

    private static final Set<String> DELETING = Set.of("data/db/cluster", "data/db/instance", "compute/ecs/service",
            "data/cdn/distribution/public", "data/cdn/distribution/private", "compute/site/distribution",
            "network/nat-gateway/a", "network/nat-gateway/b");
    private static final String EVERY_LAYER = "dns,network,data,compute";

    @TempDir
    Path dir;

    @BeforeEach
    void requireDocker() throws Exception {
        ComputeFixture.requireDockerAndRegistry();
    }

    @Test
    void provision_withTwoPermits_waitsOverlap_andTeardownLikewise(AwsEmulator emulator) throws Exception {
        String stack = ComputeFixture.uniqueStack("sched");
        Cli cli = ComputeFixture.cli(emulator, dir, stack).environment("YOCTO_AWS_BEHAVIOUR", "aws,scale=0.01,window=0s")
                .only(EVERY_LAYER);

        ClusterStatusSeen cluster = new ClusterStatusSeen();
        Cli.Result provision = cli.run(List.of(cluster), "provision", "--verbose", "--parallelism", "2");

        assertThat(provision.exitCode()).as(provision.toString()).isZero();
        Schedule schedule = Schedule.of(provision.out());
        assertThat(schedule.mostAtOnce(WAITING)).as("long waits at once with 2 permits (a fixed pool of 2 allows 2)\n"
                + provision.out()).isGreaterThanOrEqualTo(3);
        // Pairs the graph allows in parallel must not be serialized.
        assertThat(schedule.overlap("dns/certificate/regional", "dns/certificate/cloudfront")).isTrue();
        assertThat(cluster.atInstanceRequest).as("the cluster's status when its instance was requested")
                .isEqualTo("creating");
        assertThat(schedule.overlap("data/db/instance", "compute/lb/load-balancer")
                || schedule.started("compute/lb/load-balancer") < schedule.started("data/db/instance"))
                .as("the load balancer does not wait for the database").isTrue();
        assertThat(schedule.ended("compute/lb/load-balancer")).as("the load balancer is not waited to active, so its "
                + "listeners come before the database is available").isLessThan(schedule.ended("data/db/instance"));
        assertThat(schedule.started("data/db/cluster")).as("the database starts before the service's last inputs")
                .isLessThan(schedule.started("compute/ecs/task-definition"));
        assertThat(schedule.started("compute/ecs/service")).as("the service starts once the database is available")
                .isGreaterThan(schedule.ended("data/db/instance"));
        assertThat(provision.out()).contains("data/db/instance: creating, usually about 6 min");

        Cli.Result teardown = cli.run("teardown", "--yes", "--verbose", "--parallelism", "2", "--delete-data",
                "--skip-final-snapshot");

        assertThat(teardown.exitCode()).as(teardown.toString()).isZero();
        Schedule down = Schedule.of(teardown.out());
        // The CloudFront distributions (their disable deploys for minutes) go at once, and with more
        // long deletions beside them than there are permits.
        assertThat(down.overlap("data/cdn/distribution/public", "data/cdn/distribution/private")).isTrue();
        assertThat(down.mostAtOnce(DELETING)).as("long deletions at once with 2 permits\n" + teardown.out())
                .isGreaterThanOrEqualTo(3);
    }

    /** The Aurora cluster's status as AWS last answered it when its instance was requested. */
    static final class ClusterStatusSeen implements ExecutionInterceptor {
        volatile String last = "not described yet";
        volatile String atInstanceRequest;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateDbInstanceRequest && atInstanceRequest == null) {
                atInstanceRequest = last;
            }
        }

        /** After every interceptor changed the answer: the profile's, as the engine read it. */
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof CreateDbClusterResponse created) {
                last = created.dbCluster().status();
            } else if (context.response() instanceof DescribeDbClustersResponse described
                    && !described.dbClusters().isEmpty()) {
                last = described.dbClusters().get(0).status();
            }
        }
    }

    /** When each resource started and finished, as positions in the progress output. */
    private record Schedule(Map<String, Integer> starts, Map<String, Integer> ends) {

        static Schedule of(String out) {
            Map<String, Integer> starts = new HashMap<>();
            Map<String, Integer> ends = new HashMap<>();
            List<String> lines = new ArrayList<>(out.lines().toList());
            for (int i = 0; i < lines.size(); i++) {
                Matcher started = STARTED.matcher(lines.get(i));
                Matcher finished = FINISHED.matcher(lines.get(i));
                if (started.matches()) {
                    starts.putIfAbsent(started.group(1), i);
                } else if (finished.matches()) {
                    ends.put(finished.group(1), i);
                }
            }
            return new Schedule(starts, ends);
        }

        int started(String address) {
            assertThat(starts).as("started lines").containsKey(address);
            return starts.get(address);
        }

        int ended(String address) {
            assertThat(ends).as("finished lines").containsKey(address);
            return ends.get(address);
        }

        boolean overlap(String a, String b) {
            return started(a) < ends.get(b) && started(b) < ends.get(a);
        }

        int mostAtOnce(Set<String> among) {
            int most = 0;
            for (String address : among) {
                if (!starts.containsKey(address)) {
                    continue;
                }
                int at = starts.get(address);
                Set<String> inFlight = new LinkedHashSet<>();
                for (String other : among) {
                    if (starts.containsKey(other) && starts.get(other) <= at && ends.get(other) > at) {
                        inFlight.add(other);
                    }
                }
                most = Math.max(most, inFlight.size());
            }
            return most;
        }
    }
}
