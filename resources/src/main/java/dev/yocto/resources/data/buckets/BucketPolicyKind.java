package dev.yocto.resources.data.buckets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Ref;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The policy of a bucket behind a distribution: reads only by this stack's distribution, through its
 * origin access control ({@code AWS:SourceArn}), and a deny of every request not made over TLS. The
 * frontend's bucket also lets that distribution list it, so that a missing key is a 404 (which the
 * distribution answers with {@code index.html}) rather than a 403.
 */
public final class BucketPolicyKind implements Kind<BucketPolicyKind.Settings> {

    public static final String ID = "s3:bucket-policy";
    public static final BucketPolicyKind KIND = new BucketPolicyKind();

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * @param purpose           names the bucket as {@link BucketKind} does, so the policy is found without it
     * @param distributionArn   the only reader
     * @param distributionLists whether the distribution may also list the bucket ({@code s3:ListBucket})
     * @param readable          the keys the distribution may read: {@code *}, or a prefix such as
     *                          {@code images/*} (the image buckets: never {@code uploads/*}, which
     *                          hold unchecked uploads)
     */
    public record Settings(String purpose, Ref<String> bucketName, Ref<String> distributionArn,
                           boolean distributionLists, String readable) {

        public Settings(String purpose, Ref<String> bucketName, Ref<String> distributionArn,
                        boolean distributionLists) {
            this(purpose, bucketName, distributionArn, distributionLists, "*");
        }
    }

    private BucketPolicyKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        String name = knownId.orElseGet(() -> BucketNames.of(context, settings.orElseThrow().purpose()));
        return S3Support.ifConfigured(() -> context.aws().s3().getBucketPolicy(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context))).policy())
                .map(policy -> Live.of(name, Map.of("bucket", name), Map.of("policy", canonical(policy))));
    }

    /** The same policy, whatever its key order or spacing. */
    static String canonical(String policy) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readValue(policy, Object.class));
        } catch (JsonProcessingException e) {
            return policy;
        }
    }

    /**
     * The deny of insecure transport has a Condition; emulators that ignore Conditions would deny
     * every object call, so they get the policy without it ({@code Emulation}).
     */
    static String policy(Context context, Settings settings) {
        String bucketArn = S3Support.bucketArn(context.value(settings.bucketName()));
        Map<String, Object> fromDistribution = Map.of("StringEquals",
                Map.of("AWS:SourceArn", context.value(settings.distributionArn())));
        List<Object> statements = new ArrayList<>();
        statements.add(statement("AllowCloudFrontOriginAccessControl", "Allow",
                Map.of("Service", "cloudfront.amazonaws.com"), "s3:GetObject", bucketArn + "/" + settings.readable(), fromDistribution));
        if (settings.distributionLists()) {
            statements.add(statement("AllowCloudFrontListBucket", "Allow", Map.of("Service", "cloudfront.amazonaws.com"),
                    "s3:ListBucket", bucketArn, fromDistribution));
        }
        if (context.emulation().evaluatesPolicyConditions()) {
            statements.add(statement("DenyInsecureTransport", "Deny", "*", "s3:*", List.of(bucketArn, bucketArn + "/*"),
                    Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        try {
            return CANONICAL.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> statement(String sid, String effect, Object principal, String action,
                                                 Object resource, Map<String, Object> condition) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", effect);
        statement.put("Principal", principal);
        statement.put("Action", action);
        statement.put("Resource", resource);
        statement.put("Condition", condition);
        return statement;
    }

    @Override
    public Live create(Context context, Desired<Settings> desired) {
        String name = context.value(desired.settings().bucketName());
        String policy = policy(context, desired.settings());
        context.aws().s3().putBucketPolicy(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)).policy(policy));
        return Live.of(name, Map.of("bucket", name), Map.of("policy", policy));
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> desired) {
        return Map.of("policy", policy(context, desired.settings()));
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        return create(context, desired);
    }

    @Override
    public void delete(Context context, Address address, Live live) {
        S3Client s3 = context.aws().s3();
        try {
            s3.deleteBucketPolicy(r -> r.bucket(live.physicalId()).expectedBucketOwner(S3Support.owner(context)));
        } catch (NoSuchBucketException e) {
            // the bucket is gone, and its policy with it
        } catch (S3Exception e) {
            if (!S3Support.isAbsent(e)) {
                throw e;
            }
        }
    }
}
