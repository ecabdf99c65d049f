package dev.yocto.resources.data.cdn;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.KeyGroup;
import software.amazon.awssdk.services.cloudfront.model.KeyGroupSummary;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSummary;
import software.amazon.awssdk.services.cloudfront.model.PublicKeySummary;

/**
 * Names for the CloudFront objects that take no tags and are found by name, and the listings they
 * are found in (the synchronous client has no paginators for these; they page by marker).
 */
final class CloudFrontSupport {

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
}
