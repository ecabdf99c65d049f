package dev.yocto.emulator.behaviour;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the profile saw happen and when, in this process: creates, changes and deletes by key
 * ({@code "ec2:nat-gateway/create/nat-…"}), and the facts the refusals need (which VPCs have an
 * attached internet gateway, which VPC a subnet is in, which Elastic IPs a NAT gateway holds).
 */
final class Timeline {

    private final Map<String, Long> events = new ConcurrentHashMap<>();
    final Map<String, String> subnetVpc = new ConcurrentHashMap<>();
    final Set<String> attachedVpcs = ConcurrentHashMap.newKeySet();
    final Map<String, String> natOfAllocation = new ConcurrentHashMap<>();

    void record(String kind, String transition, String id) {
        if (id != null) {
            events.put(key(kind, transition, id), System.nanoTime());
        }
    }

    /** How long ago the event happened, if it did. */
    Optional<Duration> since(String kind, String transition, String id) {
        Long at = id == null ? null : events.get(key(kind, transition, id));
        return at == null ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - at));
    }

    /** True while less than {@code window} has passed since the event. */
    boolean within(String kind, String transition, String id, Duration window) {
        return since(kind, transition, id).map(d -> d.compareTo(window) < 0).orElse(false);
    }

    /** True while any event of the kind and transition is younger than {@code window}. */
    boolean anyWithin(String kind, String transition, Duration window) {
        String prefix = kind + "/" + transition + "/";
        long now = System.nanoTime();
        return events.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix)
                && now - e.getValue() < window.toNanos());
    }

    private static String key(String kind, String transition, String id) {
        return kind + "/" + transition + "/" + id;
    }
}
