package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Ref;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * A distribution in front of an image bucket: HTTPS only, reading through the origin access
 * control; the private one accepts only URLs signed with the stack's key group.
 *
 * @param bucketDomainName     the bucket's regional domain name, the origin
 * @param originAccessControl  the id of the origin access control it signs requests to S3 with
 * @param keyGroup             the id of the key group whose signed URLs it requires, for the private one
 * @param headersPolicy        the response headers policy of its answers ({@code nosniff}, a CSP)
 */
public record ImageDistribution(String purpose, Ref<String> bucketDomainName, Ref<String> originAccessControl,
                                Optional<Ref<String>> keyGroup, Ref<String> headersPolicy)
        implements DistributionKind.Settings {

    @Override
    public DistributionConfig config(Context context, String callerReference) {
        String originId = "s3-" + purpose;
        TrustedKeyGroups trusted = keyGroup
                .map(group -> TrustedKeyGroups.builder().enabled(true).quantity(1)
                        .items(context.value(group)).build())
                .orElse(TrustedKeyGroups.builder().enabled(false).quantity(0).build());
        return DistributionConfig.builder().callerReference(callerReference).enabled(true)
                .comment(context.stack() + " " + purpose)
                .origins(o -> o.quantity(1).items(Origin.builder().id(originId)
                        .domainName(context.value(bucketDomainName))
                        .s3OriginConfig(s -> s.originAccessIdentity(""))
                        .originAccessControlId(context.value(originAccessControl)).build()))
                .defaultCacheBehavior(b -> b.targetOriginId(originId)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .cachePolicyId(CloudFrontSupport.CACHING_OPTIMIZED)
                        .responseHeadersPolicyId(context.value(headersPolicy))
                        .compress(true).trustedKeyGroups(trusted)
                        .allowedMethods(m -> m.quantity(2).items(Method.GET, Method.HEAD)
                                .cachedMethods(c -> c.quantity(2).items(Method.GET, Method.HEAD))))
                .priceClass(PriceClass.PRICE_CLASS_100).httpVersion(HttpVersion.HTTP2_AND3).isIPV6Enabled(true)
                .viewerCertificate(v -> v.cloudFrontDefaultCertificate(true))
                .build();
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
        desired.put("cachePolicy", CloudFrontSupport.CACHING_OPTIMIZED);
        desired.put("responseHeadersPolicy", context.value(headersPolicy));
        desired.put("enabled", "true");
        return desired;
    }

    @Override
    public Map<String, String> observed(Distribution distribution) {
        DistributionConfig config = distribution.distributionConfig();
        DefaultCacheBehavior behavior = config.defaultCacheBehavior();
        Origin origin = config.origins().items().get(0);
        Map<String, String> observed = new HashMap<>();
        observed.put("origin", origin.domainName());
        observed.put("originAccessControl", String.valueOf(origin.originAccessControlId()));
        observed.put("viewerProtocolPolicy", behavior.viewerProtocolPolicyAsString());
        observed.put("trustedKeyGroups", trustedKeyGroups(behavior.trustedKeyGroups()));
        observed.put("cachePolicy", String.valueOf(behavior.cachePolicyId()));
        observed.put("responseHeadersPolicy", String.valueOf(behavior.responseHeadersPolicyId()));
        observed.put("enabled", String.valueOf(config.enabled()));
        observed.put("status", distribution.status());
        return observed;
    }

    private static String trustedKeyGroups(TrustedKeyGroups groups) {
        if (groups == null || !Boolean.TRUE.equals(groups.enabled())) {
            return "none";
        }
        return groups.items().stream().sorted().collect(Collectors.joining(","));
    }
}
