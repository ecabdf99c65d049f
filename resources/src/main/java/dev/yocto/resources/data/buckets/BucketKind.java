package dev.yocto.resources.data.buckets;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Kind;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Output;
import dev.yocto.resources.api.Poll;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.api.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A private bucket: every Block Public Access setting on, default encryption (SSE-S3), owner-enforced
 * object ownership, the stack's tags, and for the image buckets CORS for browser POST uploads from
 * the site (the frontend's bucket has none) and a lifecycle rule that expires uploads never
 * confirmed. Its policy is a resource of its own because it names
 * the distribution, which needs the bucket first.
 */
public final class BucketKind implements Kind<BucketKind.Settings> {

    public static final String ID = "s3:bucket";
    public static final BucketKind KIND = new BucketKind();
    public static final Output<String> NAME = Output.attribute(ID, "name");
    public static final Output<String> ARN = Output.attribute(ID, "arn");
    public static final Output<String> REGIONAL_DOMAIN_NAME = Output.attribute(ID, "regionalDomainName");

    private static final int CORS_MAX_AGE = 3000;
    private static final int DELETE_BATCH = 1000;
    private static final List<String> BLOCK_PUBLIC_ACCESS = List.of("blockPublicAcls", "ignorePublicAcls",
            "blockPublicPolicy", "restrictPublicBuckets");

    /**
     * @param purpose    names the bucket ({@link BucketNames})
     * @param siteOrigin the origin allowed to POST uploads from browsers; empty for a bucket that
     *                   browsers never call directly (no CORS rule)
     * @param expiring   a key prefix whose objects a lifecycle rule expires, and after how many days
     */
    public record Settings(String purpose, Optional<String> siteOrigin, Optional<Expiry> expiring) {

        public Settings(String purpose, Optional<String> siteOrigin) {
            this(purpose, siteOrigin, Optional.empty());
        }
    }

    /** Objects under {@code prefix} expire {@code days} after their creation. */
    public record Expiry(String prefix, int days) {
    }

    private static final String EXPIRY_RULE = "yocto-expire";
    /** How long a create is asked again while S3 still releases the name of a bucket just deleted. */
    static final Duration NAME_RELEASE_TIMEOUT = Duration.ofMinutes(5);

    private BucketKind() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** The image buckets hold the users' uploads; the same kind makes the frontend's bucket. */
    @Override
    public boolean holdsData() {
        return true;
    }

    /** By name, which is derived from stack, account and region: a bucket cannot be found by tags. */
    @Override
    public Optional<Live> observe(Context context, Address address, Optional<Settings> settings,
                                  Optional<String> knownId) {
        S3Client s3 = context.aws().s3();
        String name = knownId.orElseGet(() -> BucketNames.of(context, settings.orElseThrow().purpose()));
        try {
            s3.headBucket(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)));
        } catch (NoSuchBucketException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new ResourceException(address, "the bucket name " + name + " belongs to another AWS account");
            }
            if (S3Support.isAbsent(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(live(context, s3, name));
    }

    private static Live live(Context context, S3Client s3, String name) {
        Map<String, String> observed = new HashMap<>();
        PublicAccessBlockConfiguration block = S3Support.ifConfigured(() -> s3.getPublicAccessBlock(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)))
                .publicAccessBlockConfiguration()).orElse(PublicAccessBlockConfiguration.builder().build());
        observed.put("blockPublicAcls", String.valueOf(Boolean.TRUE.equals(block.blockPublicAcls())));
        observed.put("ignorePublicAcls", String.valueOf(Boolean.TRUE.equals(block.ignorePublicAcls())));
        observed.put("blockPublicPolicy", String.valueOf(Boolean.TRUE.equals(block.blockPublicPolicy())));
        observed.put("restrictPublicBuckets", String.valueOf(Boolean.TRUE.equals(block.restrictPublicBuckets())));
        observed.put("encryption", S3Support.ifConfigured(() -> s3.getBucketEncryption(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)))
                        .serverSideEncryptionConfiguration().rules()).orElse(List.of()).stream()
                .map(rule -> rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString()).sorted()
                .collect(Collectors.joining(",")));
        observed.put("cors", S3Support.ifConfigured(() -> s3.getBucketCors(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context))).corsRules())
                .orElse(List.of()).stream().map(BucketKind::corsText).sorted()
                .collect(Collectors.joining(";")));
        observed.put("lifecycle", S3Support.ifConfigured(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)))
                .rules()).orElse(List.of()).stream().map(BucketKind::lifecycleText).sorted()
                .collect(Collectors.joining(";")));
        Map<String, String> tags = S3Support.ifConfigured(() -> s3.getBucketTagging(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context))).tagSet())
                .orElse(List.of()).stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
        observed.put("tags", Tags.ours(tags));
        return new Live(name, S3Support.bucketArn(name), Map.of("name", name, "arn", S3Support.bucketArn(name),
                "regionalDomainName", name + ".s3." + context.region() + ".amazonaws.com"), observed);
    }

    private static String corsText(CORSRule rule) {
        return "methods=" + String.join(",", rule.allowedMethods()) + " origins=" + String.join(",", rule.allowedOrigins())
                + " headers=" + String.join(",", rule.allowedHeaders()) + " maxAge=" + rule.maxAgeSeconds();
    }


    private static String lifecycleText(LifecycleRule rule) {
        String prefix = rule.filter() == null || rule.filter().prefix() == null ? "" : rule.filter().prefix();
        Integer days = rule.expiration() == null ? null : rule.expiration().days();
        return rule.id() + " " + rule.statusAsString() + " prefix=" + prefix + " expireDays=" + days;
    }

    private static Optional<LifecycleRule> lifecycleRule(Settings settings) {
        return settings.expiring().map(expiry -> LifecycleRule.builder().id(EXPIRY_RULE)
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix(expiry.prefix()))
                .expiration(e -> e.days(expiry.days())).build());
    }

    private static Optional<CORSRule> corsRule(Settings settings) {
        return settings.siteOrigin().map(origin -> CORSRule.builder().allowedMethods("POST").allowedOrigins(origin)
                .allowedHeaders("*").maxAgeSeconds(CORS_MAX_AGE).build());
    }

    /**
     * Creates the bucket, then sets it up. S3 refuses to create a name it is still releasing after a
     * delete ({@code OperationAborted}: "a conflicting conditional operation is currently in progress
     * against this resource. Try again", https://repost.aws/knowledge-center/s3-conflicting-conditional-operation),
     * so the create is asked again for {@link #NAME_RELEASE_TIMEOUT}. And bucket configurations are
     * eventually consistent (https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel):
     * a call naming the new bucket may answer {@code NoSuchBucket} for a moment, so the setup waits
     * until the bucket is known and each of its calls rides out a young not-found.
     */
    @Override
    public Live create(Context context, Desired<Settings> desired) {
        S3Client s3 = context.aws().s3();
        Address address = desired.address();
        String name = BucketNames.of(context, desired.settings().purpose());
        Poll.whileRefused(context, address, "S3 to release the name " + name + " (deleted moments ago; this can "
                + "take from minutes to hours, see https://repost.aws/knowledge-center/s3-conflicting-conditional-operation)",
                NAME_RELEASE_TIMEOUT, BucketKind::isNameBeingReleased, () -> s3.createBucket(r -> {
                    r.bucket(name).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
                    if (!"us-east-1".equals(context.region())) {
                        r.createBucketConfiguration(c -> c.locationConstraint(context.region()));
                    }
                }));
        Poll.whenKnown(context, address, "the new bucket " + name + " to be known",
                () -> s3.headBucket(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context))));
        Live created = live(context, s3, name);
        return update(context, desired, created, diff(context, desired, created));
    }

    static boolean isNameBeingReleased(RuntimeException e) {
        return e instanceof S3Exception s && s.awsErrorDetails() != null
                && "OperationAborted".equals(s.awsErrorDetails().errorCode());
    }

    @Override
    public Map<String, String> desiredFields(Context context, Desired<Settings> wanted) {
        Map<String, String> desired = new HashMap<>();
        BLOCK_PUBLIC_ACCESS.forEach(setting -> desired.put(setting, "true"));
        desired.put("encryption", ServerSideEncryption.AES256.toString());
        desired.put("cors", corsRule(wanted.settings()).map(BucketKind::corsText).orElse(""));
        desired.put("lifecycle", lifecycleRule(wanted.settings()).map(BucketKind::lifecycleText).orElse(""));
        desired.put("tags", Tags.ours(context.tags(wanted.address())));
        return desired;
    }

    @Override
    public Live update(Context context, Desired<Settings> desired, Live live, List<Difference> differences) {
        S3Client s3 = context.aws().s3();
        String name = live.physicalId();
        Set<String> fields = differences.stream().map(Difference::field).collect(Collectors.toSet());
        if (BLOCK_PUBLIC_ACCESS.stream().anyMatch(fields::contains)) {
            known(context, desired.address(), name, () -> s3.putPublicAccessBlock(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true))));
        }
        if (fields.contains("encryption")) {
            known(context, desired.address(), name, () -> s3.putBucketEncryption(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)).serverSideEncryptionConfiguration(c -> c.rules(
                    ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                            d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build()))));
        }
        if (fields.contains("cors")) {
            known(context, desired.address(), name, () -> corsRule(desired.settings()).ifPresentOrElse(
                    rule -> s3.putBucketCors(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)).corsConfiguration(c -> c.corsRules(rule))),
                    () -> s3.deleteBucketCors(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)))));
        }
        if (fields.contains("lifecycle")) {
            known(context, desired.address(), name, () -> lifecycleRule(desired.settings()).ifPresentOrElse(
                    rule -> s3.putBucketLifecycleConfiguration(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)).lifecycleConfiguration(c -> c
                            .rules(rule))),
                    () -> s3.deleteBucketLifecycle(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)))));
        }
        if (fields.contains("tags")) {
            known(context, desired.address(), name, () -> retag(context, desired, s3, name));
        }
        return live(context, s3, name);
    }

    /** The stack's tags added to the bucket's own (PutBucketTagging replaces the whole set). */
    private static void retag(Context context, Desired<Settings> desired, S3Client s3, String name) {
        Map<String, String> tags = new HashMap<>(S3Support.ifConfigured(() -> s3.getBucketTagging(r -> r.bucket(name)
                .expectedBucketOwner(S3Support.owner(context))).tagSet()).orElse(List.of()).stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a)));
        tags.putAll(context.tags(desired.address()));
        s3.putBucketTagging(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)).tagging(t -> t.tagSet(
                tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
    }

    /** A setup call of a bucket, asked again while S3 does not know a bucket made moments ago (see create). */
    private static void known(Context context, Address address, String name, Runnable call) {
        Poll.whenKnown(context, address, "bucket " + name + " to be known", () -> {
            call.run();
            return true;
        });
    }

    /**
     * Empties the bucket of every object version and delete marker, then deletes it. Teardown calls
     * this for the image buckets only with {@code --delete-data}; otherwise they are kept.
     */
    @Override
    public void delete(Context context, Address address, Live live) {
        S3Client s3 = context.aws().s3();
        String name = live.physicalId();
        try {
            long removed = 0;
            while (true) {
                var page = s3.listObjectVersions(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)).maxKeys(DELETE_BATCH));
                List<ObjectIdentifier> batch = new ArrayList<>();
                page.versions().forEach(v -> batch.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId())
                        .build()));
                page.deleteMarkers().forEach(m -> batch.add(ObjectIdentifier.builder().key(m.key())
                        .versionId(m.versionId()).build()));
                if (batch.isEmpty()) {
                    break;
                }
                for (int from = 0; from < batch.size(); from += DELETE_BATCH) {
                    List<ObjectIdentifier> part = batch.subList(from, Math.min(batch.size(), from + DELETE_BATCH));
                    var response = s3.deleteObjects(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)).delete(d -> d.objects(part).quiet(true)));
                    if (!response.errors().isEmpty()) {
                        var first = response.errors().get(0);
                        throw new ResourceException(address, "emptying bucket " + name + " failed for "
                                + response.errors().size() + " objects, e.g. " + first.key() + ": " + first.code()
                                + " " + first.message());
                    }
                }
                removed += batch.size();
            }
            if (removed > 0) {
                context.report(address, "removed " + removed + " object versions and delete markers from " + name);
            }
            s3.deleteBucket(r -> r.bucket(name).expectedBucketOwner(S3Support.owner(context)));
        } catch (NoSuchBucketException e) {
            // already gone
        }
    }
}
