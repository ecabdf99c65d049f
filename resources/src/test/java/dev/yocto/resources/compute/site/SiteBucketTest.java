package dev.yocto.resources.compute.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Emulation;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.Tags;
import dev.yocto.resources.compute.Runs;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("the site bucket's policy names a CloudFront distribution the test makes; CloudFront answers 501 on LocalStack's community runtime")
class SiteBucketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SiteStack site;
    private final S3Client s3;

    SiteBucketTest(AwsEmulator emulator, TestInfo test) {
        site = new SiteStack(emulator, "bkt" + Integer.toHexString(test.getDisplayName().hashCode() & 0xfffff));
        s3 = site.aws.s3();
    }

    @Test
    void bucket_isPrivate_encrypted_ownerEnforced_withoutCors_andTagged() {
        site.converge();
        String name = site.bucketLive.physicalId();

        assertThat(name).isEqualTo(site.stack + "-site-123456789012-us-west-2");
        PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(r -> r.bucket(name))
                .publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(),
                block.restrictPublicBuckets())).containsOnly(true);
        assertThat(s3.getBucketEncryption(r -> r.bucket(name)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
        assertThat(s3.getBucketOwnershipControls(r -> r.bucket(name)).ownershipControls().rules().get(0)
                .objectOwnership()).isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
        assertThatThrownBy(() -> s3.getBucketCors(r -> r.bucket(name))).isInstanceOf(S3Exception.class)
                .hasMessageContaining("CORS");
        Map<String, String> tags = s3.getBucketTagging(r -> r.bucket(name)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertThat(tags).containsEntry(Tags.STACK, site.stack).containsEntry(Tags.RESOURCE, "compute/site/bucket");
        assertThat(site.bucketLive.attributes()).containsEntry("name", name)
                .containsEntry("arn", "arn:aws:s3:::" + name)
                .containsEntry("regionalDomainName", name + ".s3.us-west-2.amazonaws.com");
    }

    @Test
    void corsAddedOutOfBand_isADifference_andUpdateRemovesIt() {
        site.converge();
        String name = site.bucketLive.physicalId();
        s3.putBucketCors(r -> r.bucket(name).corsConfiguration(c -> c.corsRules(rule -> rule.allowedMethods("GET")
                .allowedOrigins("*"))));

        Context context = site.context();
        Live drifted = Runs.observe(context, site.bucket, Optional.of(name)).orElseThrow();
        assertThat(Runs.diff(context, site.bucket, drifted)).extracting(Difference::field).containsExactly("cors");
        Runs.converge(site.context(), site.bucket, Optional.of(name));

        assertThatThrownBy(() -> s3.getBucketCors(r -> r.bucket(name))).isInstanceOf(S3Exception.class);
    }

    @Test
    void policy_letsOnlyTheSiteDistributionReadAndList() throws Exception {
        site.converge();
        String name = site.bucketLive.physicalId();
        Runs.converge(site.context(), site.policy, Optional.empty());

        JsonNode policy = JSON.readTree(s3.getBucketPolicy(r -> r.bucket(name)).policy());

        Map<String, JsonNode> byAction = StreamSupport.stream(policy.get("Statement").spliterator(), false)
                .collect(Collectors.toMap(s -> s.get("Action").asText(), s -> s));
        assertThat(byAction).as("the emulator profile leaves out the conditional deny")
                .containsOnlyKeys("s3:GetObject", "s3:ListBucket");
        assertThat(byAction.get("s3:GetObject").get("Resource").asText()).isEqualTo("arn:aws:s3:::" + name + "/*");
        assertThat(byAction.get("s3:ListBucket").get("Resource").asText()).isEqualTo("arn:aws:s3:::" + name);
        for (JsonNode statement : byAction.values()) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.at("/Principal/Service").asText()).isEqualTo("cloudfront.amazonaws.com");
            assertThat(statement.at("/Condition/StringEquals/AWS:SourceArn").asText())
                    .isEqualTo(site.distributionLive.arn());
        }
        Context second = site.context();
        assertThat(Runs.diff(second, site.policy, Runs.observe(second, site.policy, Optional.of(name)).orElseThrow())).isEmpty();
    }

    @Test
    void policy_onAws_alsoDeniesInsecureTransport() throws Exception {
        site.converge();
        Context aws = site.context(site.aws, Emulation.NONE);
        aws.resolve(site.distribution.address(), site.distributionLive);

        JsonNode policy = JSON.readTree(Runs.desiredFields(aws, site.policy).get("policy"));

        assertThat(StreamSupport.stream(policy.get("Statement").spliterator(), false)
                .map(s -> s.get("Effect").asText() + " " + s.get("Action").asText()))
                .containsExactlyInAnyOrder("Allow s3:GetObject", "Allow s3:ListBucket", "Deny s3:*");
    }

    @Test
    void delete_emptiesEveryVersion_andDeletesTheBucket() {
        site.converge();
        String name = site.bucketLive.physicalId();
        s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObject(r -> r.bucket(name).key("index.html"), RequestBody.fromString("one"));
        s3.putObject(r -> r.bucket(name).key("index.html"), RequestBody.fromString("two"));
        s3.deleteObject(r -> r.bucket(name).key("index.html"));

        Runs.delete(site.context(), site.bucket, site.bucketLive);

        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(name))).isInstanceOf(NoSuchBucketException.class);
        assertThat(Runs.observe(site.context(), site.bucket, Optional.of(name))).isEmpty();
    }
}
