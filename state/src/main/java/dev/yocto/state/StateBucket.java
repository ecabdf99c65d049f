package dev.yocto.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * {@code yocto state init-bucket}: the bucket a team keeps its states in, made the way the state
 * needs it. It is the user's bucket, not part of any stack: tagged {@code yocto:purpose=state}, never
 * with {@code yocto:stack}, so no stack's discovery or teardown ever touches it.
 */
public final class StateBucket {

    public static final Map<String, String> TAGS = Map.of("yocto:purpose", "state");

    private StateBucket() {
    }

    /**
     * Creates the bucket (or takes the one this account already has) and applies versioning, default
     * SSE-S3 encryption, all four Block Public Access settings and the tag. Returns what it did, one
     * line per step.
     */
    public static List<String> ensure(S3Client s3, String bucket, String region) {
        List<String> done = new ArrayList<>();
        try {
            s3.createBucket(r -> {
                r.bucket(bucket).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
                if (!"us-east-1".equals(region)) {
                    r.createBucketConfiguration(c -> c.locationConstraint(region));
                }
            });
            done.add("created bucket " + bucket + " in " + region);
        } catch (S3Exception e) {
            if (S3Errors.code(e).equals("BucketAlreadyOwnedByYou")) {
                done.add("bucket " + bucket + " exists in this account; its settings are checked");
            } else if (S3Errors.code(e).equals("BucketAlreadyExists")) {
                throw new StateException("the bucket name '" + bucket + "' is taken by another AWS account (bucket "
                        + "names are global). Choose another name in 'state: s3://...'.", e);
            } else {
                throw S3Errors.explain(e, bucket, region, "create the bucket");
            }
        }
        try {
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            done.add("public access blocked (all four settings)");
            s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(
                    ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                            d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build())));
            done.add("default encryption SSE-S3 (AES256)");
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v
                    .status(BucketVersioningStatus.ENABLED)));
            done.add("versioning enabled: every earlier state is kept as an object version");
            Map<String, String> tags = new HashMap<>(existingTags(s3, bucket));
            tags.putAll(TAGS);
            s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(tags.entrySet().stream()
                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
            done.add("tagged " + TAGS.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        } catch (S3Exception e) {
            throw S3Errors.explain(e, bucket, region, "configure the bucket");
        }
        return done;
    }

    private static Map<String, String> existingTags(S3Client s3, String bucket) {
        try {
            return s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
        } catch (S3Exception e) {
            if (S3Errors.code(e).startsWith("NoSuchTagSet")) {
                return Map.of();
            }
            throw e;
        }
    }
}
