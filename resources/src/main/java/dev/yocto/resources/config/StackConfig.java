package dev.yocto.resources.config;

import java.util.List;

/** The validated configuration of one stack ({@code yocto.yaml}); see DESIGN §5 for each key. */
public record StackConfig(String stack, String region, List<String> availabilityZones, String domain, String site,
                          String parentZoneId, String vpcCidr, int natGateways, Database database, Service service,
                          Image image, Web web) {

    public record Database(String engineVersion, double minCapacity, double maxCapacity, boolean deletionProtection) {
    }

    public record Service(int cpu, int memory, int desiredCount, int maxCount, int spotWeight) {
    }

    public record Image(String context, String platform) {
    }

    public record Web(String dir) {
    }

    /** {@code <site>.<domain>}, where the frontend is served. */
    public String siteDomain() {
        return site + "." + domain;
    }

    /** {@code api.<site>.<domain>}, the load balancer's name. */
    public String apiDomain() {
        return "api." + siteDomain();
    }
}
