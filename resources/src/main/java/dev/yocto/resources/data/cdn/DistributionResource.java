package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.HttpVersion;
import software.amazon.awssdk.services.cloudfront.model.Method;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.PriceClass;
import software.amazon.awssdk.services.cloudfront.model.TrustedKeyGroups;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/**
 * A CloudFront distribution in front of an image bucket: HTTPS only, reading through the origin
 * access control; the private one accepts only URLs signed with the stack's key group. Create does
 * not wait for deployment (nothing in the stack needs it); delete disables, waits until deployed,
 * then deletes.
 */
public final class DistributionResource implements Resource {

    static final String CACHING_OPTIMIZED = CloudFrontSupport.CACHING_OPTIMIZED;

    public record Settings(String purpose, boolean signedUrlsOnly) {
    }

    private final Address address;
    private final Settings settings;
    private final Address bucket;
    private final Address originAccessControl;
    private final Optional<Address> keyGroup;

    public DistributionResource(Address address, String purpose, Address bucket, Address originAccessControl,
                                Optional<Address> keyGroup) {
        this.address = address;
        this.settings = new Settings(purpose, keyGroup.isPresent());
        this.bucket = bucket;
        this.originAccessControl = originAccessControl;
        this.keyGroup = keyGroup;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "cloudfront:distribution";
    }

    @Override
    public Set<Address> dependencies() {
        Set<Address> dependencies = new LinkedHashSet<>(List.of(bucket, originAccessControl));
        keyGroup.ifPresent(dependencies::add);
        return dependencies;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        return CloudFrontSupport.findDistribution(context, address, knownId).map(this::live);
    }

    private Live live(Distribution distribution) {
        DistributionConfig config = distribution.distributionConfig();
        DefaultCacheBehavior behavior = config.defaultCacheBehavior();
        Origin origin = config.origins().items().get(0);
        Map<String, String> observed = new HashMap<>();
        observed.put("origin", origin.domainName());
        observed.put("originAccessControl", String.valueOf(origin.originAccessControlId()));
        observed.put("viewerProtocolPolicy", behavior.viewerProtocolPolicyAsString());
        observed.put("trustedKeyGroups", trustedKeyGroups(behavior.trustedKeyGroups()));
        observed.put("cachePolicy", String.valueOf(behavior.cachePolicyId()));
        observed.put("enabled", String.valueOf(config.enabled()));
        observed.put("status", distribution.status());
        return new Live(distribution.id(), distribution.arn(), Map.of("id", distribution.id(), "arn", distribution.arn(),
                "domainName", distribution.domainName()), observed);
    }

    private static String trustedKeyGroups(TrustedKeyGroups groups) {
        if (groups == null || !Boolean.TRUE.equals(groups.enabled())) {
            return "none";
        }
        return groups.items().stream().sorted().collect(Collectors.joining(","));
    }

    private DistributionConfig config(Context context, String callerReference) {
        String originId = "s3-" + settings.purpose();
        TrustedKeyGroups trusted = keyGroup
                .map(group -> TrustedKeyGroups.builder().enabled(true).quantity(1)
                        .items(context.dependency(group).physicalId()).build())
                .orElse(TrustedKeyGroups.builder().enabled(false).quantity(0).build());
        return DistributionConfig.builder().callerReference(callerReference).enabled(true)
                .comment(context.stack() + " " + settings.purpose())
                .origins(o -> o.quantity(1).items(Origin.builder().id(originId)
                        .domainName(context.dependency(bucket).attribute("regionalDomainName"))
                        .s3OriginConfig(s -> s.originAccessIdentity(""))
                        .originAccessControlId(context.dependency(originAccessControl).physicalId()).build()))
                .defaultCacheBehavior(b -> b.targetOriginId(originId)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY).cachePolicyId(CACHING_OPTIMIZED)
                        .compress(true).trustedKeyGroups(trusted)
                        .allowedMethods(m -> m.quantity(2).items(Method.GET, Method.HEAD)
                                .cachedMethods(c -> c.quantity(2).items(Method.GET, Method.HEAD))))
                .priceClass(PriceClass.PRICE_CLASS_100).httpVersion(HttpVersion.HTTP2_AND3).isIPV6Enabled(true)
                .viewerCertificate(v -> v.cloudFrontDefaultCertificate(true))
                .build();
    }

    @Override
    public Live create(Context context) {
        return live(CloudFrontSupport.createDistribution(context, address,
                config(context, context.uniqueReference(address))));
    }

    /** The origin access control is compared only where the API reports it ({@code Emulation}). */
    @Override
    public Map<String, String> desiredFields(Context context) {
        DistributionConfig config = config(context, "");
        Map<String, String> desired = new HashMap<>();
        desired.put("origin", config.origins().items().get(0).domainName());
        if (context.emulation().reportsOriginAccessControl()) {
            desired.put("originAccessControl", config.origins().items().get(0).originAccessControlId());
        }
        desired.put("viewerProtocolPolicy", config.defaultCacheBehavior().viewerProtocolPolicyAsString());
        desired.put("trustedKeyGroups", trustedKeyGroups(config.defaultCacheBehavior().trustedKeyGroups()));
        desired.put("cachePolicy", CACHING_OPTIMIZED);
        desired.put("enabled", "true");
        return desired;
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        return live(CloudFrontSupport.updateDistribution(context, live.physicalId(),
                callerReference -> config(context, callerReference)));
    }

    @Override
    public void delete(Context context, Live live) {
        CloudFrontSupport.deleteDistribution(context, address, live.physicalId());
    }
}
