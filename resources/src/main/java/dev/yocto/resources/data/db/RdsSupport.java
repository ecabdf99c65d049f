package dev.yocto.resources.data.db;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.ResourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.Tag;

/** Names and tags as RDS wants them. */
final class RdsSupport {

    private RdsSupport() {
    }

    /** {@code <stack>-<address>}, with the runs of '-' that RDS identifiers may not hold collapsed. */
    static String identifier(Context context, Address address) {
        return (context.stack() + "-" + address.dashed()).replaceAll("-{2,}", "-");
    }

    static List<Tag> tags(Context context, Address address) {
        return tags(context.tags(address));
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * Refuses, before anything is created, an Aurora engine version the region does not offer
     * (DescribeDBEngineVersions), naming the versions it does; a wrong version would otherwise fail
     * the cluster's create after the network and secrets exist.
     */
    static void requireEngineVersion(Context context, Address address, String engine, String version) {
        if (!context.emulation().listsEngineVersions()) {
            return;
        }
        List<String> offered = new ArrayList<>();
        context.aws().rds().describeDBEngineVersionsPaginator(r -> r.engine(engine))
                .dbEngineVersions().forEach(v -> offered.add(v.engineVersion()));
        engineVersionProblem(engine, version, context.region(), offered).ifPresent(problem -> {
            throw new ResourceException(address, problem);
        });
    }

    static Optional<String> engineVersionProblem(String engine, String version, String region, List<String> offered) {
        if (offered.contains(version)) {
            return Optional.empty();
        }
        List<String> latest = offered.stream().sorted(RdsSupport::compareVersions).toList();
        latest = latest.subList(Math.max(0, latest.size() - 8), latest.size());
        return Optional.of(engine + " " + version + " is not offered in " + region + "; set database.engineVersion "
                + "in yocto.yaml to one that is (the newest: " + String.join(", ", latest) + ")");
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? number(x[i]) : 0, i < y.length ? number(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int number(String part) {
        String digits = part.replaceAll("\\D.*", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    static Map<String, String> asMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    }
}
