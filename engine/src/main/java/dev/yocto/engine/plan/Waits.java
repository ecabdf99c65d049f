package dev.yocto.engine.plan;

import dev.yocto.emulator.behaviour.TimeModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How long each change waits for AWS, by the time model's table of AWS's published durations
 * ({@code time-model.tsv}): what the executor ranks ready changes by (the longest remaining path of
 * these waits first), what progress tells a user to expect, and what the timing benchmark's critical
 * path adds up. A phase yocto does not wait for is absent on purpose:
 * <ul>
 * <li>a load balancer's create: listeners need only its ARN, the alias records its DNS name; the
 * ECS service's deployment waits for its health checks, which it runs only once active;</li>
 * <li>a CloudFront distribution's create or update: nothing needs it {@code Deployed}; only its
 * delete waits, for the disable to deploy;</li>
 * <li>an Aurora cluster's create: its instance is requested while it is still creating (it needs
 * only the cluster's identifier); the instance's create waits instead, at least until the cluster
 * is available ({@link #AT_LEAST}).</li>
 * </ul>
 * A NAT gateway's create is waited to {@code available} although routes need only its id: only
 * so can a gateway that fails while pending be replaced in the same run (NatGatewayKind).
 * Every change that calls AWS also counts {@link #CALLS} for its few API calls.
 */
public final class Waits {

    /** A change's own API calls (describe, create, tag) at AWS's typical latency. */
    static final Duration CALLS = Duration.ofSeconds(1);

    /** Per kind and action, the phases of the time model the change waits through, in order. */
    private static final Map<String, Map<Action, List<String>>> PHASES = Map.of(
            "ec2:nat-gateway", Map.of(Action.CREATE, List.of("create"), Action.DELETE, List.of("delete")),
            "ec2:elastic-ip", Map.of(Action.DELETE, List.of("release-after-nat")),
            "acm:certificate", Map.of(Action.CREATE, List.of("create")),
            "cloudfront:distribution", Map.of(Action.DELETE, List.of("update")),
            "rds:db-cluster", Map.of(Action.DELETE, List.of("delete")),
            "rds:db-instance", Map.of(Action.CREATE, List.of("create"), Action.DELETE, List.of("delete")),
            "ecs:service", Map.of(Action.CREATE, List.of("deploy"), Action.UPDATE, List.of("deploy"),
                    Action.DELETE, List.of("delete")));

    /**
     * Waits that cannot end before another kind's phases, counted from about the same start: a new
     * instance is available only once its cluster is, which takes its first backup
     * ({@code backing-up}) after creating.
     */
    private static final Map<String, Map<Action, List<String>>> AT_LEAST = Map.of(
            "rds:db-instance", Map.of(Action.CREATE, List.of("rds:db-cluster/create", "rds:db-cluster/backup")));

    private Waits() {
    }

    /** The modeled time a change of {@code kind} doing {@code action} spends waiting for AWS. */
    public static Duration of(String kind, Action action) {
        if (action == Action.REPLACE) {
            return of(kind, Action.DELETE).plus(of(kind, Action.CREATE));
        }
        Duration own = Duration.ZERO;
        for (String phase : PHASES.getOrDefault(kind, Map.of()).getOrDefault(action, List.of())) {
            own = own.plus(TimeModel.duration(kind, phase));
        }
        Duration floor = Duration.ZERO;
        for (String phase : AT_LEAST.getOrDefault(kind, Map.of()).getOrDefault(action, List.of())) {
            String[] other = phase.split("/");
            floor = floor.plus(TimeModel.duration(other[0], other[1]));
        }
        return own.compareTo(floor) >= 0 ? own : floor;
    }

    /**
     * What a planned change is expected to take: its waits and its own calls; nothing for a change
     * that does nothing. An unchanged resource that waits for a dependency being made or replaced is
     * compared again then and may be updated (a service given a new task definition), so it counts as
     * an update.
     */
    public static Duration of(Change change) {
        Action action = change.action() == Action.NO_OP && !change.awaiting().isEmpty() ? Action.UPDATE
                : change.action();
        if (!action.changes()) {
            return Duration.ZERO;
        }
        return of(change.kind(), action).plus(CALLS);
    }

    /** "usually about 6 min" for a wait long enough to mention, else empty. */
    public static java.util.Optional<String> usually(String kind, Action action) {
        Duration wait = of(kind, action);
        if (wait.toSeconds() < 30) {
            return java.util.Optional.empty();
        }
        long seconds = wait.toSeconds();
        return java.util.Optional.of("usually about " + (seconds < 90 ? seconds + " s" : Math.round(seconds / 60.0)
                + " min"));
    }
}
