package dev.yocto.resources.compute.site;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.data.buckets.BucketPolicyResource;
import dev.yocto.resources.data.buckets.ImageBucketResource;

/**
 * The frontend's bucket and its policy: private like the image buckets (named the same way, purpose
 * {@value #PURPOSE}) but without CORS, since browsers only reach it through the distribution, which
 * may read and list it. Its content is not user data: teardown empties and deletes it always.
 */
public final class SiteBucket {

    public static final String PURPOSE = "site";

    private SiteBucket() {
    }

    public static ImageBucketResource bucket(Address address) {
        return ImageBucketResource.withoutCors(address, PURPOSE);
    }

    public static BucketPolicyResource policy(Address address, Address bucket, Address distribution) {
        return BucketPolicyResource.withListing(address, PURPOSE, bucket, distribution);
    }
}
