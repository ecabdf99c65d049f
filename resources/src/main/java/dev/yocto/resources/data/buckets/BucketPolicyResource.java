package dev.yocto.resources.data.buckets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The policy of a bucket behind a distribution: reads only by this stack's distribution, through its
 * origin access control ({@code AWS:SourceArn}), and a deny of every request not made over TLS. The
 * frontend's bucket also lets that distribution list it, so that a missing key is a 404 (which the
 * distribution answers with {@code index.html}) rather than a 403.
 */
public final class BucketPolicyResource implements Resource {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Address address;
    private final String purpose;
    private final Address bucket;
    private final Address distribution;
    private final boolean distributionLists;

    /** {@code purpose} names the bucket as {@link ImageBucketResource} does, so it is found without it. */
    public BucketPolicyResource(Address address, String purpose, Address bucket, Address distribution) {
        this(address, purpose, bucket, distribution, false);
    }

    private BucketPolicyResource(Address address, String purpose, Address bucket, Address distribution,
                                 boolean distributionLists) {
        this.address = address;
        this.purpose = purpose;
        this.bucket = bucket;
        this.distribution = distribution;
        this.distributionLists = distributionLists;
    }

    /** The policy of a bucket the distribution may also list ({@code s3:ListBucket}). */
    public static BucketPolicyResource withListing(Address address, String purpose, Address bucket,
                                                   Address distribution) {
        return new BucketPolicyResource(address, purpose, bucket, distribution, true);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String kind() {
        return "s3:bucket-policy";
    }

    @Override
    public Set<Address> dependencies() {
        return Set.of(bucket, distribution);
    }

    @Override
    public Object settings() {
        return distributionLists ? "cloudfront-oac-read,cloudfront-oac-list,deny-insecure-transport"
                : "cloudfront-oac-read,deny-insecure-transport";
    }

    @Override
    public Optional<Live> observe(Context context, Optional<String> knownId) {
        String name = knownId.orElseGet(() -> BucketNames.of(context, purpose));
        return S3Support.ifConfigured(() -> context.aws().s3().getBucketPolicy(r -> r.bucket(name)).policy())
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
    String policy(Context context) {
        String name = context.dependency(bucket).physicalId();
        String bucketArn = S3Support.bucketArn(name);
        Map<String, Object> fromDistribution = Map.of("StringEquals",
                Map.of("AWS:SourceArn", context.dependency(distribution).arn()));
        List<Object> statements = new ArrayList<>();
        statements.add(statement("AllowCloudFrontOriginAccessControl", "Allow",
                Map.of("Service", "cloudfront.amazonaws.com"), "s3:GetObject", bucketArn + "/*", fromDistribution));
        if (distributionLists) {
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
    public Live create(Context context) {
        String name = context.dependency(bucket).physicalId();
        String policy = policy(context);
        context.aws().s3().putBucketPolicy(r -> r.bucket(name).policy(policy));
        return Live.of(name, Map.of("bucket", name), Map.of("policy", policy));
    }

    @Override
    public Map<String, String> desiredFields(Context context) {
        return Map.of("policy", policy(context));
    }

    @Override
    public Live update(Context context, Live live, List<Difference> differences) {
        return create(context);
    }

    @Override
    public void delete(Context context, Live live) {
        S3Client s3 = context.aws().s3();
        try {
            s3.deleteBucketPolicy(r -> r.bucket(live.physicalId()));
        } catch (NoSuchBucketException e) {
            // the bucket is gone, and its policy with it
        } catch (S3Exception e) {
            if (!S3Support.isAbsent(e)) {
                throw e;
            }
        }
    }
}
