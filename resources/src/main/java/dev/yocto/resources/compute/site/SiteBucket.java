package dev.yocto.resources.compute.site;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.data.buckets.BucketKind;
import dev.yocto.resources.data.buckets.BucketPolicyKind;
import dev.yocto.resources.data.cdn.DistributionKind;
import java.util.Optional;

/**
 * The frontend's bucket and its policy: private like the image buckets (named the same way, purpose
 * {@value #PURPOSE}) but without CORS, since browsers only reach it through the distribution, which
 * may read and list it. Its content is not user data: teardown empties and deletes it always.
 */
public final class SiteBucket {

    public static final String PURPOSE = "site";

    private SiteBucket() {
    }

    public static Desired<BucketKind.Settings> bucket(Address address) {
        return Desired.of(address, BucketKind.KIND, new BucketKind.Settings(PURPOSE, Optional.empty()));
    }

    public static Desired<BucketPolicyKind.Settings> policy(Address address, Address bucket, Address distribution) {
        return Desired.of(address, BucketPolicyKind.KIND, new BucketPolicyKind.Settings(PURPOSE,
                BucketKind.NAME.of(bucket), DistributionKind.ARN.of(distribution), true));
    }
}
