package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionAlreadyExistsException;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.KeyGroup;
import software.amazon.awssdk.services.cloudfront.model.KeyGroupSummary;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSummary;
import software.amazon.awssdk.services.cloudfront.model.PublicKeySummary;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicy;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicySummary;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicyType;
import software.amazon.awssdk.services.cloudfront.model.Tag;

/**
 * Names for the CloudFront objects that take no tags and are found by name, and the listings they
 * are found in (the synchronous client has no paginators for these; they page by marker); and the
 * life cycle every distribution of the stack shares: found by id or tags, created with its tags,
 * updated with the ETag, disabled and deployed before it is deleted.
 */
public final class CloudFrontSupport {

    /** AWS's managed cache policy CachingOptimized. */
    public static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(40);

    private CloudFrontSupport() {
    }

    /** {@code <stack>-<address with - for />}: letters, digits and '-', as key groups require. */
    static String name(Context context, Address address) {
        return context.stack() + "-" + address.dashed();
    }

    /** The one with the id from state, else the one with our name. */
    static <T> Optional<T> byIdOrName(List<T> all, Optional<String> knownId, String name, Function<T, String> idOf,
                                      Function<T, String> nameOf) {
        return all.stream().filter(item -> knownId.map(idOf.apply(item)::equals).orElse(false)).findFirst()
                .or(() -> all.stream().filter(item -> name.equals(nameOf.apply(item))).findFirst());
    }

    /** One page of a listing: its items and the marker of the next page, if any. */
    private record Page<T>(List<T> items, String nextMarker) {
    }

    private static <T> List<T> all(Function<String, Page<T>> fetch) {
        List<T> items = new ArrayList<>();
        String marker = null;
        do {
            Page<T> page = fetch.apply(marker);
            items.addAll(page.items());
            marker = page.nextMarker();
        } while (marker != null && !marker.isEmpty());
        return items;
    }

    static List<OriginAccessControlSummary> originAccessControls(CloudFrontClient cloudFront) {
        return all(marker -> {
            var list = cloudFront.listOriginAccessControls(r -> r.marker(marker)).originAccessControlList();
            return list == null ? new Page<>(List.of(), null) : new Page<>(list.items(), list.nextMarker());
        });
    }

    static List<PublicKeySummary> publicKeys(CloudFrontClient cloudFront) {
        return all(marker -> {
            var list = cloudFront.listPublicKeys(r -> r.marker(marker)).publicKeyList();
            return list == null ? new Page<>(List.of(), null) : new Page<>(list.items(), list.nextMarker());
        });
    }

    /** The account's custom response-headers policies, each with its whole configuration. */
    static List<ResponseHeadersPolicy> customResponseHeadersPolicies(CloudFrontClient cloudFront) {
        return all(marker -> {
            var list = cloudFront.listResponseHeadersPolicies(r -> r.type(ResponseHeadersPolicyType.CUSTOM)
                    .marker(marker)).responseHeadersPolicyList();
            return list == null || list.items() == null ? new Page<>(List.of(), null) : new Page<>(list.items().stream()
                    .map(ResponseHeadersPolicySummary::responseHeadersPolicy).toList(), list.nextMarker());
        });
    }

    static List<KeyGroup> keyGroups(CloudFrontClient cloudFront) {
        return all(marker -> {
            var list = cloudFront.listKeyGroups(r -> r.marker(marker)).keyGroupList();
            return list == null ? new Page<>(List.of(), null)
                    : new Page<>(list.items().stream().map(KeyGroupSummary::keyGroup).toList(), list.nextMarker());
        });
    }

    static List<DistributionSummary> distributions(CloudFrontClient cloudFront) {
        return all(marker -> {
            var list = cloudFront.listDistributions(r -> r.marker(marker)).distributionList();
            return list == null ? new Page<>(List.of(), null) : new Page<>(list.items(), list.nextMarker());
        });
    }

    /** The distribution with the id from state, else the one tagged with the stack and address. */
    public static Optional<Distribution> findDistribution(Context context, Address address, Optional<String> knownId) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        return knownId.flatMap(id -> distribution(cloudFront, id)).or(() -> distributionByTags(context, address));
    }

    private static Optional<Distribution> distribution(CloudFrontClient cloudFront, String id) {
        try {
            return Optional.of(cloudFront.getDistribution(r -> r.id(id)).distribution());
        } catch (NoSuchDistributionException e) {
            return Optional.empty();
        }
    }

    private static Optional<Distribution> distributionByTags(Context context, Address address) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        for (DistributionSummary summary : distributions(cloudFront)) {
            Map<String, String> tags = cloudFront.listTagsForResource(r -> r.resource(summary.arn())).tags().items()
                    .stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> a));
            if (Tags.belongsTo(tags, context.stack(), address)) {
                return distribution(cloudFront, summary.id());
            }
        }
        return Optional.empty();
    }

    /**
     * Creates the distribution with the stack's tags in the same call; {@code config}'s caller
     * reference is the address's idempotency token, so a create retried after a lost answer finds
     * the first one (CloudFront refuses a second distribution with the same reference).
     */
    public static Distribution createDistribution(Context context, Address address, DistributionConfig config) {
        try {
            return context.aws().cloudFront().createDistributionWithTags(r -> r
                    .distributionConfigWithTags(c -> c.distributionConfig(config).tags(t -> t.items(
                            context.tags(address).entrySet().stream()
                                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()))))
                    .distribution();
        } catch (DistributionAlreadyExistsException e) {
            return distributionByTags(context, address).orElseThrow(() -> e);
        }
    }

    /** Replaces the configuration, keeping the caller reference it was created with. */
    public static Distribution updateDistribution(Context context, String id,
                                                  Function<String, DistributionConfig> configWithCallerReference) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(id));
        DistributionConfig config = configWithCallerReference.apply(current.distributionConfig().callerReference());
        return cloudFront.updateDistribution(r -> r.id(id).ifMatch(current.eTag()).distributionConfig(config))
                .distribution();
    }

    /** Disables the distribution, waits until that is deployed everywhere, then deletes it. */
    public static void deleteDistribution(Context context, Address address, String id) {
        CloudFrontClient cloudFront = context.aws().cloudFront();
        try {
            GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(id));
            if (Boolean.TRUE.equals(current.distributionConfig().enabled())) {
                DistributionConfig disabled = current.distributionConfig().toBuilder().enabled(false).build();
                cloudFront.updateDistribution(r -> r.id(id).ifMatch(current.eTag()).distributionConfig(disabled));
            }
            context.report(address, "waiting for distribution " + id + " to be disabled everywhere");
            String etag = Poll.until(context, address, "distribution " + id + " to be deployed disabled",
                    DEPLOY_TIMEOUT, () -> {
                        var response = cloudFront.getDistribution(r -> r.id(id));
                        return "Deployed".equals(response.distribution().status())
                                ? Optional.of(response.eTag()) : Optional.empty();
                    });
            cloudFront.deleteDistribution(r -> r.id(id).ifMatch(etag));
        } catch (NoSuchDistributionException e) {
            // already gone
        }
    }
}
