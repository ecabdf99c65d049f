package dev.yocto.resources.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The validated configuration of one stack ({@code yocto.yaml}); see DESIGN §5 for each key.
 * {@code state} is where the state is kept when not in the local file: {@code s3://bucket/prefix},
 * or null. {@code zonesNamed} is false when {@code availabilityZones} is the placeholder
 * {@code <region>a/b}: the command then takes the region's first two zones from
 * DescribeAvailabilityZones ({@link #withAvailabilityZones}), since not every region has an
 * {@code a} and {@code b} zone open to every account.
 */
public record StackConfig(String stack, String region, List<String> availabilityZones, String domain, String site,
                          String parentZoneId, String vpcCidr, int natGateways, Database database, Service service,
                          Image image, Web web, String state, boolean zonesNamed, Waf waf) {

    public record Database(String engineVersion, double minCapacity, double maxCapacity, boolean deletionProtection) {
    }

    public record Service(int cpu, int memory, int desiredCount, int maxCount, int spotWeight) {
    }

    public record Image(String context, String platform) {
    }

    public record Web(String dir) {
    }

    /**
     * The optional AWS WAF web ACL of the site distribution: off by default (it costs money, see the
     * README); {@code rateLimit} is the requests one client address may make in 5 minutes.
     */
    public record Waf(boolean enabled, int rateLimit) {

        public static final Waf OFF = new Waf(false, 1000);
    }

    /** The same configuration with these (absolute) {@code image.context} and {@code web.dir}. */
    public StackConfig withPaths(Path imageContext, Path webDir) {
        return new StackConfig(stack, region, availabilityZones, domain, site, parentZoneId, vpcCidr, natGateways,
                database, service, new Image(imageContext.toString(), image.platform()), new Web(webDir.toString()),
                state, zonesNamed, waf);
    }

    /** The same configuration in the given zones (as if named). */
    public StackConfig withAvailabilityZones(List<String> zones) {
        return new StackConfig(stack, region, List.copyOf(zones), domain, site, parentZoneId, vpcCidr, natGateways,
                database, service, image, web, state, true, waf);
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
