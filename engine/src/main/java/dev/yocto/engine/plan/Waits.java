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
 * <li>a NAT gateway's create: routes need only its id (CreateRoute retries its not-found); its
 * {@code pending} → {@code available} time passes while the rest of the stack is built;</li>
 * <li>a CloudFront distribution's create or update: nothing needs it {@code Deployed}; only its
 * delete waits, for the disable to deploy.</li>
 * </ul>
 * Every change that calls AWS also counts {@link #CALLS} for its few API calls.
 */
public final class Waits {

    /** A change's own API calls (describe, create, tag) at AWS's typical latency. */
    static final Duration CALLS = Duration.ofSeconds(1);

    /** Per kind and action, the phases of the time model the change waits through, in order. */
    private static final Map<String, Map<Action, List<String>>> PHASES = Map.of(
            "ec2:nat-gateway", Map.of(Action.CREATE, List.of("create"), Action.DELETE, List.of("delete")),
            "ec2:elastic-ip", Map.of(Action.DELETE, List.of("release-after-nat")),
            "elbv2:load-balancer", Map.of(Action.CREATE, List.of("create")),
            "acm:certificate", Map.of(Action.CREATE, List.of("create")),
            "cloudfront:distribution", Map.of(Action.DELETE, List.of("update")),
            // A new cluster takes its first backup ("backing-up") before it reads "available" again.
            "rds:db-cluster", Map.of(Action.CREATE, List.of("create", "backup"), Action.DELETE, List.of("delete")),
            "rds:db-instance", Map.of(Action.CREATE, List.of("create"), Action.DELETE, List.of("delete")),
            "ecs:service", Map.of(Action.CREATE, List.of("deploy"), Action.UPDATE, List.of("deploy"),
                    Action.DELETE, List.of("delete")));

    private Waits() {
    }

    /** The modeled time a change of {@code kind} doing {@code action} spends waiting for AWS. */
    public static Duration of(String kind, Action action) {
        if (action == Action.REPLACE) {
            return of(kind, Action.DELETE).plus(of(kind, Action.CREATE));
        }
        Duration total = Duration.ZERO;
        for (String phase : PHASES.getOrDefault(kind, Map.of()).getOrDefault(action, List.of())) {
            total = total.plus(TimeModel.duration(kind, phase));
        }
        return total;
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
