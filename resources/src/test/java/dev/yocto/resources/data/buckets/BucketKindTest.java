package dev.yocto.resources.data.buckets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.data.cdn.DistributionKind;
import dev.yocto.resources.topology.DataLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.LocalStackSuite;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The data layer's image buckets and their policies, handler by handler (the CLI-level data tests
 * need RDS and CloudFront, which LocalStack lacks; these run on both emulators). The distribution
 * the policy names is resolved with a realistic ARN.
 */
@ExtendWith(EmulatorExtension.class)
@LocalStackSuite
class BucketKindTest {

    private static final String SITE_ORIGIN = "https://yoctogram.example.com";
    private static final String DISTRIBUTION_ARN = "arn:aws:cloudfront::123456789012:distribution/E1PUBLIC0000AA";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsEmulator emulator;
    private final Runs runs;
    private final S3Client s3;
    private final Desired<BucketKind.Settings> bucket = Desired.of(DataLayer.BUCKET_PUBLIC, BucketKind.KIND,
            new BucketKind.Settings("public-images", Optional.of(SITE_ORIGIN)));
    private final Desired<BucketPolicyKind.Settings> policy = Desired.of(DataLayer.POLICY_PUBLIC,
            BucketPolicyKind.KIND, new BucketPolicyKind.Settings("public-images",
                    BucketKind.NAME.of(DataLayer.BUCKET_PUBLIC), DistributionKind.ARN.of(DataLayer.DISTRIBUTION_PUBLIC),
                    false));

    BucketKindTest(AwsEmulator emulator) {
        this.emulator = emulator;
        runs = new Runs(emulator, "buckettest");
        s3 = runs.aws().s3();
    }

    @Test
    void create_blocksPublicAccess_encrypts_allowsPostFromTheSite_andTags() {
        Live live = Runs.converge(runs.context(), bucket, Optional.empty());

        String name = live.physicalId();
        assertThat(name).isEqualTo("buckettest-public-images-" + emulator.account() + "-us-west-2");
        PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(r -> r.bucket(name))
                .publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
                block.restrictPublicBuckets())).containsOnly(true);
        assertThat(s3.getBucketEncryption(r -> r.bucket(name)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
        CORSRule cors = s3.getBucketCors(r -> r.bucket(name)).corsRules().get(0);
        assertThat(cors.allowedMethods()).containsExactly("POST");
        assertThat(cors.allowedOrigins()).containsExactly(SITE_ORIGIN);
        assertThat(tags(name)).containsEntry(Tags.STACK, "buckettest")
                .containsEntry(Tags.RESOURCE, "data/bucket/public-images");

        Context second = runs.context();
        assertThat(Runs.diff(second, bucket, Runs.observe(second, bucket, Optional.empty()).orElseThrow())).isEmpty();
    }

    @Test
    void outOfBandChanges_areDrift_andUpdateRepairsThem() {
        String name = Runs.converge(runs.context(), bucket, Optional.empty()).physicalId();
        s3.putPublicAccessBlock(r -> r.bucket(name).publicAccessBlockConfiguration(c -> c.blockPublicAcls(false)
                .ignorePublicAcls(false).blockPublicPolicy(false).restrictPublicBuckets(false)));
        s3.deleteBucketCors(r -> r.bucket(name));
        s3.putBucketTagging(r -> r.bucket(name).tagging(t -> t.tagSet(Tag.builder().key(Tags.STACK)
                .value("buckettest").build())));

        Context context = runs.context();
        assertThat(Runs.diff(context, bucket, Runs.observe(context, bucket, Optional.of(name)).orElseThrow()))
                .extracting(Difference::field).containsExactlyInAnyOrder("blockPublicAcls", "ignorePublicAcls",
                        "blockPublicPolicy", "restrictPublicBuckets", "cors", "tags");
        Runs.converge(context, bucket, Optional.of(name));

        Context after = runs.context();
        assertThat(Runs.diff(after, bucket, Runs.observe(after, bucket, Optional.of(name)).orElseThrow())).isEmpty();
        assertThat(s3.getBucketCors(r -> r.bucket(name)).corsRules()).hasSize(1);
    }

    @Test
    void policy_allowsOnlyTheStacksDistribution_andIsComparedCanonically() throws Exception {
        Context context = runs.context();
        String name = Runs.converge(context, bucket, Optional.empty()).physicalId();
        context.resolve(DataLayer.DISTRIBUTION_PUBLIC, new Live("E1PUBLIC0000AA", DISTRIBUTION_ARN,
                Map.of("id", "E1PUBLIC0000AA", "arn", DISTRIBUTION_ARN), Map.of()));

        Runs.converge(context, policy, Optional.empty());

        JsonNode document = JSON.readTree(s3.getBucketPolicy(r -> r.bucket(name)).policy());
        List<JsonNode> allows = statements(document, "Allow");
        assertThat(allows).singleElement().satisfies(statement -> {
            assertThat(statement.at("/Principal/Service").asText()).isEqualTo("cloudfront.amazonaws.com");
            assertThat(statement.get("Action").asText()).isEqualTo("s3:GetObject");
            assertThat(statement.get("Resource").asText()).isEqualTo("arn:aws:s3:::" + name + "/*");
            assertThat(statement.at("/Condition/StringEquals/AWS:SourceArn").asText()).isEqualTo(DISTRIBUTION_ARN);
        });
        assertThat(statements(document, "Deny")).as("the conditional deny exactly where the profile writes it")
                .hasSize(context.emulation().evaluatesPolicyConditions() ? 1 : 0);
        assertThat(Runs.diff(context, policy, Runs.observe(context, policy, Optional.empty()).orElseThrow()))
                .as("the stored policy equals the desired one, whatever its key order").isEmpty();
        s3.putObject(r -> r.bucket(name).key("images/1.png"), RequestBody.fromString("a picture"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(name).key("images/1.png")).asUtf8String())
                .as("object calls still work with the policy in place").isEqualTo("a picture");
    }

    @Test
    void delete_emptiesEveryVersionAndDeleteMarker_thenRemovesTheBucket() {
        Live live = Runs.converge(runs.context(), bucket, Optional.empty());
        String name = live.physicalId();
        s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObject(r -> r.bucket(name).key("a.png"), RequestBody.fromString("one"));
        s3.putObject(r -> r.bucket(name).key("a.png"), RequestBody.fromString("two"));
        s3.deleteObject(r -> r.bucket(name).key("a.png"));

        BucketKind.KIND.delete(runs.context(), bucket.address(), live);

        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(name);
        assertThat(Runs.observe(runs.context(), bucket, Optional.empty())).isEmpty();
        assertThat(runs.reports).anyMatch(report -> report.contains("removed 3 object versions and delete markers"));
        BucketKind.KIND.delete(runs.context(), bucket.address(), live);
    }

    private Map<String, String> tags(String name) {
        return s3.getBucketTagging(r -> r.bucket(name)).tagSet().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static List<JsonNode> statements(JsonNode policy, String effect) {
        return java.util.stream.StreamSupport.stream(policy.get("Statement").spliterator(), false)
                .filter(s -> s.get("Effect").asText().equals(effect)).toList();
    }
}
