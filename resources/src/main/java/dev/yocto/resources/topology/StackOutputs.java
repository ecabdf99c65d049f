package dev.yocto.resources.topology;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.compute.image.BackendImageKind;
import dev.yocto.resources.config.StackConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code outputs} shows, read from the attributes state keeps: the URLs, the name servers to
 * delegate to, the CloudFront domains, the load balancer and the image.
 *
 * @param distributions CloudFront domain names by what they serve (site, publicImages, privateImages)
 */
public record StackOutputs(String siteUrl, String apiUrl, List<String> nameServers,
                           Map<String, String> distributions, Optional<String> loadBalancer, Optional<String> image,
                           Optional<String> imageDigest, boolean imagePlaceholder) {

    /** @param attributes the attributes state keeps of a resource, empty when it has none */
    public static StackOutputs of(StackConfig config, Function<Address, Map<String, String>> attributes) {
        Function<Address, Function<String, Optional<String>>> read = address -> name ->
                Optional.ofNullable(attributes.apply(address).get(name)).filter(value -> !value.isEmpty());
        List<String> nameServers = read.apply(DnsLayer.ZONE).apply("nameServers")
                .map(list -> List.of(list.split(","))).orElse(List.of());
        Map<String, String> distributions = new LinkedHashMap<>();
        List.of(Map.entry("site", ComputeLayer.SITE_DISTRIBUTION),
                Map.entry("publicImages", DataLayer.DISTRIBUTION_PUBLIC),
                Map.entry("privateImages", DataLayer.DISTRIBUTION_PRIVATE))
                .forEach(entry -> read.apply(entry.getValue()).apply("domainName")
                        .ifPresent(domain -> distributions.put(entry.getKey(), domain)));
        return new StackOutputs("https://" + config.siteDomain(), "https://" + config.apiDomain(), nameServers,
                distributions, read.apply(ComputeLayer.LOAD_BALANCER).apply("dnsName"),
                read.apply(ComputeLayer.IMAGE).apply(BackendImageKind.IMAGE_URI.name()),
                read.apply(ComputeLayer.IMAGE).apply(BackendImageKind.DIGEST.name()),
                read.apply(ComputeLayer.IMAGE).apply(BackendImageKind.PLACEHOLDER.name()).filter("true"::equals).isPresent());
    }

    /**
     * Without a parent zone in the account the user delegates the domain: what to add where, once
     * the zone exists.
     */
    public static Optional<String> delegationNote(StackConfig config, Function<Address, Map<String, String>> attributes) {
        if (config.parentZoneId() != null) {
            return Optional.empty();
        }
        return Optional.ofNullable(attributes.apply(DnsLayer.ZONE).get("nameServers")).filter(s -> !s.isEmpty())
                .map(servers -> "Next step, unless done already: " + DnsLayer.delegationInstructions(config.domain(),
                        servers) + ".");
    }
}
