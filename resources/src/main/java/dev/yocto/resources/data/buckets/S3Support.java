package dev.yocto.resources.data.buckets;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3 answers "not configured" with an error code per setting; these read as absent. */
final class S3Support {

    static final Set<String> ABSENT = Set.of("NoSuchBucket", "NoSuchPublicAccessBlockConfiguration",
            "ServerSideEncryptionConfigurationNotFoundError", "NoSuchCORSConfiguration", "NoSuchTagSet",
            "NoSuchTagSetError", "NoSuchBucketPolicy", "NoSuchLifecycleConfiguration");

    private S3Support() {
    }

    static <T> Optional<T> ifConfigured(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (S3Exception e) {
            if (isAbsent(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static boolean isAbsent(S3Exception e) {
        return e.statusCode() == 404 || (e.awsErrorDetails() != null && ABSENT.contains(e.awsErrorDetails().errorCode()));
    }

    /**
     * The account that must own the stack's buckets, sent as {@code ExpectedBucketOwner} on every call
     * to them: should a bucket of that name belong to someone else (deleted and re-created by another
     * account), S3 refuses with 403 instead of reading or changing that bucket.
     */
    static String owner(dev.yocto.resources.api.Context context) {
        return BucketNames.account(context);
    }

    static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }
}
