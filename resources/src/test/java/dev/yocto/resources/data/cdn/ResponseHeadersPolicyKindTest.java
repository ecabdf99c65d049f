package dev.yocto.resources.data.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yocto.resources.api.Address;
import dev.yocto.resources.api.Context;
import dev.yocto.resources.api.Desired;
import dev.yocto.resources.api.Difference;
import dev.yocto.resources.api.Discovered;
import dev.yocto.resources.api.Live;
import dev.yocto.resources.api.ResourceException;
import dev.yocto.resources.compute.Runs;
import dev.yocto.resources.data.buckets.BucketKind;
import dev.yocto.resources.topology.DataLayer;
import dev.yocto.testkit.AwsEmulator;
import dev.yocto.testkit.EmulatorExtension;
import dev.yocto.testkit.NotOnLocalStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicyConfig;
import software.amazon.awssdk.services.cloudfront.model.ResponseHeadersPolicySecurityHeadersConfig;

/**
 * Response headers policies on moto, which gains the calls from yocto's emulator extensions
 * (moto 5.2.5 has none): made, read back, compared, repaired, refused when foreign, found as
 * orphans, and deleted once no distribution uses them.
 */
@ExtendWith(EmulatorExtension.class)
@NotOnLocalStack("CloudFront answers 501 on LocalStack's community runtime")
class ResponseHeadersPolicyKindTest {

    private static final String STACK = "headerstest";
    private static final Address SITE_HEADERS = Address.of("compute/site/headers");
    private static final String PUBLIC_CDN = "d111111abcdef8.cloudfront.net";
    private static final String PRIVATE_CDN = "d222222abcdef8.cloudfront.net";
    private static final String PUBLIC_BUCKET = "headerstest-public-images-123456789012-us-west-2.s3.us-west-2.amazonaws.com";
    private static final String PRIVATE_BUCKET = "headerstest-private-images-123456789012-us-west-2.s3.us-west-2.amazonaws.com";

    private final Runs runs;
    private final CloudFrontClient cloudFront;
    private final Desired<ResponseHeadersPolicyKind.Settings> site = Desired.of(SITE_HEADERS,
            ResponseHeadersPolicyKind.KIND, ResponseHeadersPolicyKind.Settings.site(
                    List.of(DistributionKind.DOMAIN_NAME.of(DataLayer.DISTRIBUTION_PUBLIC),
                            DistributionKind.DOMAIN_NAME.of(DataLayer.DISTRIBUTION_PRIVATE)),
                    List.of(BucketKind.REGIONAL_DOMAIN_NAME.of(DataLayer.BUCKET_PUBLIC),
                            BucketKind.REGIONAL_DOMAIN_NAME.of(DataLayer.BUCKET_PRIVATE))));
    private final Desired<ResponseHeadersPolicyKind.Settings> images = Desired.of(DataLayer.IMAGE_HEADERS,
            ResponseHeadersPolicyKind.KIND, ResponseHeadersPolicyKind.Settings.images());

    ResponseHeadersPolicyKindTest(AwsEmulator emulator) {
        runs = new Runs(emulator, STACK);
        cloudFront = runs.aws().cloudFront();
    }

    @AfterEach
    void deletePolicies() {
        Context context = runs.context();
        for (Discovered found : ResponseHeadersPolicyKind.KIND.discover(context)) {
            ResponseHeadersPolicyKind.KIND.delete(context, found.address(), Live.of(found.physicalId(), Map.of(), Map.of()));
        }
    }

    /** A run with the image CDNs' and the buckets' host names resolved. */
    private Context run() {
        Context context = runs.context();
        context.resolve(DataLayer.DISTRIBUTION_PUBLIC, Live.of("E1", Map.of("domainName", PUBLIC_CDN), Map.of()));
        context.resolve(DataLayer.DISTRIBUTION_PRIVATE, Live.of("E2", Map.of("domainName", PRIVATE_CDN), Map.of()));
        context.resolve(DataLayer.BUCKET_PUBLIC, Live.of("b1", Map.of("regionalDomainName", PUBLIC_BUCKET), Map.of()));
        context.resolve(DataLayer.BUCKET_PRIVATE, Live.of("b2", Map.of("regionalDomainName", PRIVATE_BUCKET), Map.of()));
        return context;
    }

    private ResponseHeadersPolicyConfig config(String id) {
        return cloudFront.getResponseHeadersPolicy(r -> r.id(id)).responseHeadersPolicy().responseHeadersPolicyConfig();
    }

    @Test
    void site_sendsHstsForAYear_nosniff_deny_aReferrerPolicy_andACspNamingTheImageCdnsAndTheUploadBuckets() {
        Live live = Runs.converge(run(), site, Optional.empty());

        ResponseHeadersPolicyConfig config = config(live.physicalId());
        assertThat(live.attribute("id")).isEqualTo(live.physicalId());
        assertThat(config.name()).isEqualTo("headerstest-compute-site-headers");
        assertThat(config.comment()).isEqualTo("yocto:stack=headerstest yocto:resource=compute/site/headers");
        ResponseHeadersPolicySecurityHeadersConfig security = config.securityHeadersConfig();
        assertThat(security.strictTransportSecurity().accessControlMaxAgeSec()).as("HSTS max-age").isEqualTo(31_536_000);
        assertThat(security.strictTransportSecurity().includeSubdomains()).isTrue();
        assertThat(security.strictTransportSecurity().override()).isTrue();
        assertThat(security.contentTypeOptions().override()).as("nosniff, whatever the origin sends").isTrue();
        assertThat(security.frameOptions().frameOptionAsString()).isEqualTo("DENY");
        assertThat(security.referrerPolicy().referrerPolicyAsString()).isEqualTo("strict-origin-when-cross-origin");
        assertThat(security.contentSecurityPolicy().override()).isTrue();
        assertThat(security.contentSecurityPolicy().contentSecurityPolicy()).isEqualTo("default-src 'self'; "
                + "img-src 'self' data: blob: https://" + PUBLIC_CDN + " https://" + PRIVATE_CDN + "; "
                + "connect-src 'self' https://" + PUBLIC_BUCKET + " https://" + PRIVATE_BUCKET + "; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
    }

    @Test
    void images_sendNosniff_andACspThatLoadsAndRunsNothing() {
        Live live = Runs.converge(run(), images, Optional.empty());

        ResponseHeadersPolicySecurityHeadersConfig security = config(live.physicalId()).securityHeadersConfig();
        assertThat(security.contentTypeOptions().override()).isTrue();
        assertThat(security.contentSecurityPolicy().contentSecurityPolicy()).isEqualTo("default-src 'none'; sandbox");
        assertThat(security.strictTransportSecurity()).isNull();
        assertThat(security.frameOptions()).isNull();
    }

    @Test
    void secondRun_findsItByNameWithoutState_andSeesNoDifference() {
        Live first = Runs.converge(run(), site, Optional.empty());

        Context second = run();
        Live byName = Runs.observe(second, site, Optional.empty()).orElseThrow();
        Live byId = Runs.observe(second, site, Optional.of(first.physicalId())).orElseThrow();

        assertThat(byName.physicalId()).isEqualTo(first.physicalId());
        assertThat(Runs.diff(second, site, byName)).isEmpty();
        assertThat(Runs.diff(second, site, byId)).isEmpty();
    }

    @Test
    void aCspChangedByHand_isADifference_andOneConvergeRestoresIt() {
        Live live = Runs.converge(run(), site, Optional.empty());
        String id = live.physicalId();
        var current = cloudFront.getResponseHeadersPolicyConfig(r -> r.id(id));
        ResponseHeadersPolicyConfig loosened = current.responseHeadersPolicyConfig().toBuilder()
                .securityHeadersConfig(current.responseHeadersPolicyConfig().securityHeadersConfig().toBuilder()
                        .contentSecurityPolicy(c -> c.override(false).contentSecurityPolicy("default-src *")).build())
                .build();
        cloudFront.updateResponseHeadersPolicy(r -> r.id(id).ifMatch(current.eTag()).responseHeadersPolicyConfig(loosened));

        Context context = run();
        Live drifted = Runs.observe(context, site, Optional.of(id)).orElseThrow();
        List<Difference> differences = Runs.diff(context, site, drifted);
        assertThat(differences).extracting(Difference::field).containsExactly("contentSecurityPolicy");
        assertThat(differences.get(0).live()).isEqualTo("default-src * (origin's kept)");

        Runs.update(context, site, drifted, differences);

        Context after = run();
        assertThat(Runs.diff(after, site, Runs.observe(after, site, Optional.of(id)).orElseThrow())).isEmpty();
        assertThat(config(id).securityHeadersConfig().contentSecurityPolicy().contentSecurityPolicy())
                .startsWith("default-src 'self';");
    }

    @Test
    void aPolicyOfOurNameThatDoesNotNameTheStack_isAConflict_notAnAdoption() {
        String id = cloudFront.createResponseHeadersPolicy(r -> r.responseHeadersPolicyConfig(c -> c
                .name("headerstest-compute-site-headers").comment("someone else's")
                .securityHeadersConfig(s -> s.contentTypeOptions(o -> o.override(true)))))
                .responseHeadersPolicy().id();
        try {
            assertThatThrownBy(() -> Runs.observe(run(), site, Optional.empty()))
                    .isInstanceOf(ResourceException.class)
                    .hasMessageContaining("headerstest-compute-site-headers")
                    .hasMessageContaining("does not name yocto:stack=headerstest");
            assertThat(ResponseHeadersPolicyKind.KIND.discover(runs.context())).as("not an orphan of ours").isEmpty();
        } finally {
            String etag = cloudFront.getResponseHeadersPolicy(r -> r.id(id)).eTag();
            cloudFront.deleteResponseHeadersPolicy(r -> r.id(id).ifMatch(etag));
        }
    }

    @Test
    void discover_findsTheStacksPolicies_byTheAddressInTheirComment() {
        Live siteLive = Runs.converge(run(), site, Optional.empty());
        Live imagesLive = Runs.converge(run(), images, Optional.empty());

        assertThat(ResponseHeadersPolicyKind.KIND.discover(runs.context())).containsExactlyInAnyOrder(
                new Discovered(SITE_HEADERS, siteLive.physicalId()),
                new Discovered(DataLayer.IMAGE_HEADERS, imagesLive.physicalId()));
    }

    @Test
    void delete_waitsWhileADistributionUsesIt_andDeletesOnceItIsDetached() throws Exception {
        Live live = Runs.converge(run(), images, Optional.empty());
        String distribution = cloudFront.createDistribution(r -> r.distributionConfig(c -> c.callerReference(
                        "headerstest-" + System.nanoTime()).comment("").enabled(true)
                .origins(o -> o.quantity(1).items(origin -> origin.id("s3").domainName(PUBLIC_BUCKET)
                        .s3OriginConfig(s -> s.originAccessIdentity(""))))
                .defaultCacheBehavior(b -> b.targetOriginId("s3").viewerProtocolPolicy("https-only")
                        .cachePolicyId(CloudFrontSupport.CACHING_OPTIMIZED).responseHeadersPolicyId(live.physicalId()))))
                .distribution().id();
        try {
            CompletableFuture<Void> deletion = CompletableFuture.runAsync(() ->
                    Runs.delete(runs.context(), images, live));
            Thread.sleep(500);
            assertThat(deletion).as("waiting while the distribution uses it").isNotDone();
            assertThat(config(live.physicalId())).isNotNull();

            GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(distribution));
            cloudFront.updateDistribution(r -> r.id(distribution).ifMatch(current.eTag()).distributionConfig(current
                    .distributionConfig().toBuilder().defaultCacheBehavior(current.distributionConfig()
                            .defaultCacheBehavior().toBuilder().responseHeadersPolicyId(null).build()).build()));

            deletion.get(30, TimeUnit.SECONDS);
            assertThat(Runs.observe(runs.context(), images, Optional.of(live.physicalId()))).isEmpty();
        } finally {
            String etag = cloudFront.getDistribution(r -> r.id(distribution)).eTag();
            cloudFront.deleteDistribution(r -> r.id(distribution).ifMatch(etag));
        }
    }
}
